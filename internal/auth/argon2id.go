// Portions of this file are derived from golang.org/x/crypto/argon2
// (Copyright 2017 The Go Authors, BSD-style licence: see that module's
// LICENSE file): the block function and the memory-filling loop, changed to
// fill memory the caller hands in.

package auth

// argon2id as in RFC 9106, computed in memory the caller owns. It exists
// for one reason: x/crypto's argon2 allocates its 19 MiB afresh for every
// hash, so a stream of logins is a stream of 19 MiB garbage, and the
// collections that follow scan the whole heap again and again, taking CPU
// from the readers and letting the process grow. Here each hashing slot
// keeps one buffer (memory without pointers, which the collector never
// scans) and reuses it. TestArgon2idMatchesXCrypto checks the result
// against x/crypto bit for bit.

import (
	"encoding/binary"
	"hash"

	"golang.org/x/crypto/blake2b"
)

const (
	argonBlockLength = 128
	argonSyncPoints  = 4
)

type argonBlock [argonBlockLength]uint64

// argon2idKey derives the key of password and salt with t passes over m
// KiB in p lanes, using mem (grown when too small; the grown buffer is
// returned for reuse).
func argon2idKey(mem []argonBlock, password, salt []byte, t, m uint32, p uint8, keyLen uint32) ([]byte, []argonBlock) {
	threads := uint32(p)
	h0 := argonInitHash(password, salt, t, m, threads, keyLen)
	memory := m / (argonSyncPoints * threads) * (argonSyncPoints * threads)
	if memory < 2*argonSyncPoints*threads {
		memory = 2 * argonSyncPoints * threads
	}
	if uint32(cap(mem)) < memory {
		mem = make([]argonBlock, memory)
	}
	B := mem[:memory]
	clear(B) // the first pass XORs into its blocks
	argonInitBlocks(&h0, B, memory, threads)
	argonProcessBlocks(B, t, memory, threads)
	return argonExtractKey(B, memory, threads, keyLen), mem
}

func argonInitHash(password, salt []byte, time, memory, threads, keyLen uint32) [blake2b.Size + 8]byte {
	var (
		h0     [blake2b.Size + 8]byte
		params [24]byte
		tmp    [4]byte
	)
	b2, _ := blake2b.New512(nil)
	binary.LittleEndian.PutUint32(params[0:4], threads)
	binary.LittleEndian.PutUint32(params[4:8], keyLen)
	binary.LittleEndian.PutUint32(params[8:12], memory)
	binary.LittleEndian.PutUint32(params[12:16], time)
	binary.LittleEndian.PutUint32(params[16:20], 0x13) // version 19
	binary.LittleEndian.PutUint32(params[20:24], 2)    // argon2id
	b2.Write(params[:])
	for _, s := range [][]byte{password, salt, nil, nil} { // no secret, no associated data
		binary.LittleEndian.PutUint32(tmp[:], uint32(len(s)))
		b2.Write(tmp[:])
		b2.Write(s)
	}
	b2.Sum(h0[:0])
	return h0
}

func argonInitBlocks(h0 *[blake2b.Size + 8]byte, B []argonBlock, memory, threads uint32) {
	var block0 [1024]byte
	for lane := uint32(0); lane < threads; lane++ {
		j := lane * (memory / threads)
		binary.LittleEndian.PutUint32(h0[blake2b.Size+4:], lane)
		for k := uint32(0); k < 2; k++ {
			binary.LittleEndian.PutUint32(h0[blake2b.Size:], k)
			argonBlake2bHash(block0[:], h0[:])
			for i := range B[j+k] {
				B[j+k][i] = binary.LittleEndian.Uint64(block0[i*8:])
			}
		}
	}
}

// argonProcessBlocks fills memory. The lanes of one slice are independent,
// so they run one after another here (x/crypto runs them in goroutines):
// a hash never takes more than the one core its slot allows.
func argonProcessBlocks(B []argonBlock, time, memory, threads uint32) {
	lanes := memory / threads
	segments := lanes / argonSyncPoints
	for n := uint32(0); n < time; n++ {
		for slice := uint32(0); slice < argonSyncPoints; slice++ {
			for lane := uint32(0); lane < threads; lane++ {
				argonProcessSegment(B, n, slice, lane, time, memory, threads, lanes, segments)
			}
		}
	}
}

func argonProcessSegment(B []argonBlock, n, slice, lane, time, memory, threads, lanes, segments uint32) {
	var addresses, in, zero argonBlock
	dataIndependent := n == 0 && slice < argonSyncPoints/2 // argon2id: the first half pass is argon2i
	if dataIndependent {
		in[0] = uint64(n)
		in[1] = uint64(lane)
		in[2] = uint64(slice)
		in[3] = uint64(memory)
		in[4] = uint64(time)
		in[5] = 2
	}
	index := uint32(0)
	if n == 0 && slice == 0 {
		index = 2 // the first two blocks are made already
		if dataIndependent {
			in[6]++
			argonBlockFn(&addresses, &in, &zero, false)
			argonBlockFn(&addresses, &addresses, &zero, false)
		}
	}
	offset := lane*lanes + slice*segments + index
	var random uint64
	for index < segments {
		prev := offset - 1
		if index == 0 && slice == 0 {
			prev += lanes // the last block of the lane
		}
		if dataIndependent {
			if index%argonBlockLength == 0 {
				in[6]++
				argonBlockFn(&addresses, &in, &zero, false)
				argonBlockFn(&addresses, &addresses, &zero, false)
			}
			random = addresses[index%argonBlockLength]
		} else {
			random = B[prev][0]
		}
		newOffset := argonIndexAlpha(random, lanes, segments, threads, n, slice, lane, index)
		argonBlockFn(&B[offset], &B[prev], &B[newOffset], true)
		index, offset = index+1, offset+1
	}
}

func argonExtractKey(B []argonBlock, memory, threads, keyLen uint32) []byte {
	lanes := memory / threads
	for lane := uint32(0); lane < threads-1; lane++ {
		for i, v := range B[(lane*lanes)+lanes-1] {
			B[memory-1][i] ^= v
		}
	}
	var block [1024]byte
	for i, v := range B[memory-1] {
		binary.LittleEndian.PutUint64(block[i*8:], v)
	}
	key := make([]byte, keyLen)
	argonBlake2bHash(key, block[:])
	return key
}

func argonIndexAlpha(rand uint64, lanes, segments, threads, n, slice, lane, index uint32) uint32 {
	refLane := uint32(rand>>32) % threads
	if n == 0 && slice == 0 {
		refLane = lane
	}
	m, s := 3*segments, ((slice+1)%argonSyncPoints)*segments
	if lane == refLane {
		m += index
	}
	if n == 0 {
		m, s = slice*segments, 0
		if slice == 0 || lane == refLane {
			m += index
		}
	}
	if index == 0 || lane == refLane {
		m--
	}
	p := rand & 0xFFFFFFFF
	p = (p * p) >> 32
	p = (p * uint64(m)) >> 32
	return refLane*lanes + uint32((uint64(s)+uint64(m)-(p+1))%uint64(lanes))
}

// argonBlake2bHash is BLAKE2b with an output of any length (H' of RFC 9106).
func argonBlake2bHash(out []byte, in []byte) {
	var b2 hash.Hash
	if n := len(out); n < blake2b.Size {
		b2, _ = blake2b.New(n, nil)
	} else {
		b2, _ = blake2b.New512(nil)
	}
	var buffer [blake2b.Size]byte
	binary.LittleEndian.PutUint32(buffer[:4], uint32(len(out)))
	b2.Write(buffer[:4])
	b2.Write(in)
	if len(out) <= blake2b.Size {
		b2.Sum(out[:0])
		return
	}
	outLen := len(out)
	b2.Sum(buffer[:0])
	b2.Reset()
	copy(out, buffer[:32])
	out = out[32:]
	for len(out) > blake2b.Size {
		b2.Write(buffer[:])
		b2.Sum(buffer[:0])
		copy(out, buffer[:32])
		out = out[32:]
		b2.Reset()
	}
	if outLen%blake2b.Size > 0 { // outLen > 64
		r := ((outLen + 31) / 32) - 2
		b2, _ = blake2b.New(outLen-32*r, nil)
	}
	b2.Write(buffer[:])
	b2.Sum(out[:0])
}

// argonBlockFn is the compression function G over in1 XOR in2, written to
// out or XORed into it.
func argonBlockFn(out, in1, in2 *argonBlock, xor bool) {
	var t argonBlock
	for i := range t {
		t[i] = in1[i] ^ in2[i]
	}
	for i := 0; i < argonBlockLength; i += 16 {
		blamkaGeneric(
			&t[i+0], &t[i+1], &t[i+2], &t[i+3],
			&t[i+4], &t[i+5], &t[i+6], &t[i+7],
			&t[i+8], &t[i+9], &t[i+10], &t[i+11],
			&t[i+12], &t[i+13], &t[i+14], &t[i+15],
		)
	}
	for i := 0; i < argonBlockLength/8; i += 2 {
		blamkaGeneric(
			&t[i], &t[i+1], &t[16+i], &t[16+i+1],
			&t[32+i], &t[32+i+1], &t[48+i], &t[48+i+1],
			&t[64+i], &t[64+i+1], &t[80+i], &t[80+i+1],
			&t[96+i], &t[96+i+1], &t[112+i], &t[112+i+1],
		)
	}
	if xor {
		for i := range t {
			out[i] ^= in1[i] ^ in2[i] ^ t[i]
		}
	} else {
		for i := range t {
			out[i] = in1[i] ^ in2[i] ^ t[i]
		}
	}
}

func blamkaGeneric(t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15 *uint64) {
	v00, v01, v02, v03 := *t00, *t01, *t02, *t03
	v04, v05, v06, v07 := *t04, *t05, *t06, *t07
	v08, v09, v10, v11 := *t08, *t09, *t10, *t11
	v12, v13, v14, v15 := *t12, *t13, *t14, *t15

	v00 += v04 + 2*uint64(uint32(v00))*uint64(uint32(v04))
	v12 ^= v00
	v12 = v12>>32 | v12<<32
	v08 += v12 + 2*uint64(uint32(v08))*uint64(uint32(v12))
	v04 ^= v08
	v04 = v04>>24 | v04<<40

	v00 += v04 + 2*uint64(uint32(v00))*uint64(uint32(v04))
	v12 ^= v00
	v12 = v12>>16 | v12<<48
	v08 += v12 + 2*uint64(uint32(v08))*uint64(uint32(v12))
	v04 ^= v08
	v04 = v04>>63 | v04<<1

	v01 += v05 + 2*uint64(uint32(v01))*uint64(uint32(v05))
	v13 ^= v01
	v13 = v13>>32 | v13<<32
	v09 += v13 + 2*uint64(uint32(v09))*uint64(uint32(v13))
	v05 ^= v09
	v05 = v05>>24 | v05<<40

	v01 += v05 + 2*uint64(uint32(v01))*uint64(uint32(v05))
	v13 ^= v01
	v13 = v13>>16 | v13<<48
	v09 += v13 + 2*uint64(uint32(v09))*uint64(uint32(v13))
	v05 ^= v09
	v05 = v05>>63 | v05<<1

	v02 += v06 + 2*uint64(uint32(v02))*uint64(uint32(v06))
	v14 ^= v02
	v14 = v14>>32 | v14<<32
	v10 += v14 + 2*uint64(uint32(v10))*uint64(uint32(v14))
	v06 ^= v10
	v06 = v06>>24 | v06<<40

	v02 += v06 + 2*uint64(uint32(v02))*uint64(uint32(v06))
	v14 ^= v02
	v14 = v14>>16 | v14<<48
	v10 += v14 + 2*uint64(uint32(v10))*uint64(uint32(v14))
	v06 ^= v10
	v06 = v06>>63 | v06<<1

	v03 += v07 + 2*uint64(uint32(v03))*uint64(uint32(v07))
	v15 ^= v03
	v15 = v15>>32 | v15<<32
	v11 += v15 + 2*uint64(uint32(v11))*uint64(uint32(v15))
	v07 ^= v11
	v07 = v07>>24 | v07<<40

	v03 += v07 + 2*uint64(uint32(v03))*uint64(uint32(v07))
	v15 ^= v03
	v15 = v15>>16 | v15<<48
	v11 += v15 + 2*uint64(uint32(v11))*uint64(uint32(v15))
	v07 ^= v11
	v07 = v07>>63 | v07<<1

	v00 += v05 + 2*uint64(uint32(v00))*uint64(uint32(v05))
	v15 ^= v00
	v15 = v15>>32 | v15<<32
	v10 += v15 + 2*uint64(uint32(v10))*uint64(uint32(v15))
	v05 ^= v10
	v05 = v05>>24 | v05<<40

	v00 += v05 + 2*uint64(uint32(v00))*uint64(uint32(v05))
	v15 ^= v00
	v15 = v15>>16 | v15<<48
	v10 += v15 + 2*uint64(uint32(v10))*uint64(uint32(v15))
	v05 ^= v10
	v05 = v05>>63 | v05<<1

	v01 += v06 + 2*uint64(uint32(v01))*uint64(uint32(v06))
	v12 ^= v01
	v12 = v12>>32 | v12<<32
	v11 += v12 + 2*uint64(uint32(v11))*uint64(uint32(v12))
	v06 ^= v11
	v06 = v06>>24 | v06<<40

	v01 += v06 + 2*uint64(uint32(v01))*uint64(uint32(v06))
	v12 ^= v01
	v12 = v12>>16 | v12<<48
	v11 += v12 + 2*uint64(uint32(v11))*uint64(uint32(v12))
	v06 ^= v11
	v06 = v06>>63 | v06<<1

	v02 += v07 + 2*uint64(uint32(v02))*uint64(uint32(v07))
	v13 ^= v02
	v13 = v13>>32 | v13<<32
	v08 += v13 + 2*uint64(uint32(v08))*uint64(uint32(v13))
	v07 ^= v08
	v07 = v07>>24 | v07<<40

	v02 += v07 + 2*uint64(uint32(v02))*uint64(uint32(v07))
	v13 ^= v02
	v13 = v13>>16 | v13<<48
	v08 += v13 + 2*uint64(uint32(v08))*uint64(uint32(v13))
	v07 ^= v08
	v07 = v07>>63 | v07<<1

	v03 += v04 + 2*uint64(uint32(v03))*uint64(uint32(v04))
	v14 ^= v03
	v14 = v14>>32 | v14<<32
	v09 += v14 + 2*uint64(uint32(v09))*uint64(uint32(v14))
	v04 ^= v09
	v04 = v04>>24 | v04<<40

	v03 += v04 + 2*uint64(uint32(v03))*uint64(uint32(v04))
	v14 ^= v03
	v14 = v14>>16 | v14<<48
	v09 += v14 + 2*uint64(uint32(v09))*uint64(uint32(v14))
	v04 ^= v09
	v04 = v04>>63 | v04<<1

	*t00, *t01, *t02, *t03 = v00, v01, v02, v03
	*t04, *t05, *t06, *t07 = v04, v05, v06, v07
	*t08, *t09, *t10, *t11 = v08, v09, v10, v11
	*t12, *t13, *t14, *t15 = v12, v13, v14, v15
}
