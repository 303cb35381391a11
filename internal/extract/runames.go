package extract

import "strings"

// Russian names first met in an oblique case ("встретился с Анной
// Ковалевой") are brought to the nominative ("Анна Ковалева") by the case
// of the given name, which is looked up in ruGivenNames, and the matching
// surname ending.

// ruGivenNames are common Russian given names in the nominative, written
// by the team; the ending gives the declension.
var ruGivenNames = strings.Fields(`Александр Алексей Анатолий Андрей Антон Аркадий Артем Артём Борис Вадим Валентин Валерий Василий
	Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Герман Глеб Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь
	Илья Кирилл Константин Леонид Максим Марат Михаил Никита Николай Олег Павел Петр Пётр Роман Руслан Рустам Сергей Станислав
	Степан Тимур Федор Фёдор Эдуард Юрий Ярослав Яков Алла Анастасия Анна Валентина Валерия Вера Виктория Галина Дарья Евгения Екатерина
	Елена Елизавета Жанна Зоя Инна Ирина Карина Кристина Ксения Лариса Лидия Любовь Людмила Маргарита Марина Мария Надежда Наталья
	Наталия Нина Оксана Ольга Полина Светлана София Софья Тамара Татьяна Ульяна Эльвира Эльмира Юлия Яна`)

// ruMale are the given names of ruGivenNames ending in -а or -я that are
// men's.
var ruMale = map[string]bool{"никита": true, "илья": true}

type ruForm struct {
	nominative string
	female     bool
	oblique    bool
}

// ruGivenForms maps every case form (lower case) of ruGivenNames to its
// nominative.
var ruGivenForms = buildRuGivenForms()

func buildRuGivenForms() map[string]ruForm {
	m := map[string]ruForm{}
	add := func(form, nom string, female bool) {
		k := strings.ToLower(form)
		if _, ok := m[k]; !ok {
			m[k] = ruForm{nominative: nom, female: female, oblique: form != nom}
		}
	}
	for _, n := range ruGivenNames {
		lower := strings.ToLower(n)
		female := (strings.HasSuffix(lower, "а") || strings.HasSuffix(lower, "я") || strings.HasSuffix(lower, "ь") && lower == "любовь") && !ruMale[lower]
		add(n, n, female)
		r := []rune(n)
		stem := string(r[:len(r)-1])
		last := r[len(r)-1]
		var forms []string
		switch {
		case lower == "любовь":
			forms = []string{"Любови", "Любовью"}
		case strings.HasSuffix(lower, "ия"):
			s := string(r[:len(r)-2])
			forms = []string{s + "ии", s + "ию", s + "ией"}
		case last == 'я':
			forms = []string{stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "ёй"}
		case last == 'а':
			gen := stem + "ы"
			if strings.ContainsRune("гкхжшчщ", []rune(stem)[len([]rune(stem))-1]) {
				gen = stem + "и"
			}
			forms = []string{gen, stem + "е", stem + "у", stem + "ой", stem + "ою"}
		case strings.HasSuffix(lower, "ий"):
			s := string(r[:len(r)-2])
			forms = []string{s + "ия", s + "ию", s + "ием", s + "ии"}
		case last == 'й', last == 'ь':
			forms = []string{stem + "я", stem + "ю", stem + "ем", stem + "е"}
		case lower == "павел":
			forms = []string{"Павла", "Павлу", "Павлом", "Павле"}
		case lower == "пётр" || lower == "петр":
			forms = []string{"Петра", "Петру", "Петром", "Петре"}
		default:
			forms = []string{n + "а", n + "у", n + "ом", n + "е"}
		}
		for _, f := range forms {
			add(f, n, female)
		}
	}
	return m
}

// ruSurnameEndings map an oblique ending of a surname to the nominative,
// for men and for women; longest first.
var ruSurnameMale = [][2]string{
	{"ского", "ский"}, {"скому", "ский"}, {"ским", "ский"}, {"ском", "ский"},
	{"цкого", "цкий"}, {"цкому", "цкий"}, {"цким", "цкий"}, {"цком", "цкий"},
	{"ного", "ный"}, {"ному", "ный"}, {"ным", "ный"}, {"ном", "ный"},
	{"овым", "ов"}, {"евым", "ев"}, {"ёвым", "ёв"}, {"иным", "ин"}, {"ыным", "ын"},
	{"ова", "ов"}, {"ева", "ев"}, {"ёва", "ёв"}, {"ина", "ин"}, {"ына", "ын"},
	{"ову", "ов"}, {"еву", "ев"}, {"ёву", "ёв"}, {"ину", "ин"}, {"ыну", "ын"},
	{"ове", "ов"}, {"еве", "ев"}, {"ёве", "ёв"}, {"ине", "ин"}, {"ыне", "ын"},
}

var ruSurnameFemale = [][2]string{
	{"ской", "ская"}, {"скую", "ская"}, {"цкой", "цкая"}, {"цкую", "цкая"},
	{"овой", "ова"}, {"евой", "ева"}, {"ёвой", "ёва"}, {"иной", "ина"}, {"ыной", "ына"},
	{"ову", "ова"}, {"еву", "ева"}, {"ину", "ина"}, {"ыну", "ына"},
	{"ной", "ная"}, {"ную", "ная"},
}

// ruNominative brings a Russian name whose first word is a given name in
// an oblique case to the nominative. ok is false when the first word is no
// known given name or is in the nominative already.
func ruNominative(words []string) (out []string, ok bool) {
	if len(words) == 0 {
		return nil, false
	}
	f, known := ruGivenForms[strings.ToLower(words[0])]
	if !known || !f.oblique {
		return nil, false
	}
	out = append([]string{f.nominative}, words[1:]...)
	if len(words) >= 2 {
		last := words[len(words)-1]
		endings := ruSurnameMale
		if f.female {
			endings = ruSurnameFemale
		}
		for _, e := range endings {
			if strings.HasSuffix(last, e[0]) && len([]rune(last)) > len([]rune(e[0]))+1 {
				out[len(out)-1] = strings.TrimSuffix(last, e[0]) + e[1]
				break
			}
		}
	}
	return out, true
}

// ruGivenName reports whether a Cyrillic word is a known given name in any
// case.
func ruGivenName(key string) bool {
	_, ok := ruGivenForms[key]
	return ok
}
