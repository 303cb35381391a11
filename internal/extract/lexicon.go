package extract

import "strings"

// Word lists. Keys are lower case (gazetteer.Key form). Russian words that
// decline are listed as stems (gazetteer.Stem form) in the *Stems sets.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(words, "|") {
		if w = strings.TrimSpace(w); w != "" {
			m[w] = true
		}
	}
	return m
}

type lexicon struct {
	roleHeads     map[string]bool // words that name a post: president, minister...
	roleMods      map[string]bool // words that qualify one: deputy, finance, first...
	titles        map[string]bool // Mr, Dr...: mark a name, carry no role
	ruRoleHeads   []string        // prefixes of Russian role nouns
	ruRoleMods    []string        // prefixes of Russian adjectives before a role noun
	ruStops       map[string]bool // words that end a Russian role phrase
	verbs         map[string]bool // speech verbs, English and Russian
	pronouns      map[string]bool
	stopCaps      map[string]bool // capitalised words that are not names
	orgHeads      map[string]bool // last word of an organisation name
	orgOfHeads    map[string]bool // organisation words taking "of X": Ministry of X
	orgSuffixes   map[string]bool // legal forms after a company name
	orgPrefixes   map[string]bool // legal forms before one: PT, PJSC
	orgNouns      map[string]bool // common nouns that introduce or stand for an organisation
	orgVocab      map[string]string
	orgVocabFirst map[string]int  // first word's key -> most words of an entry starting with it
	ruOrgForms    map[string]bool // ПАО «...»
	ruOrgNouns    []string        // prefixes of Russian common nouns standing for an organisation
	ruStatement   map[string]bool // сообщении, заявлении...
	acronymStops  map[string]bool
	nameParticles map[string]bool
	agencies      map[string]bool
}

func newLexicon() *lexicon {
	lx := &lexicon{
		roleHeads: set(`president|vice-president|president-elect|premier|vice-premier|minister|secretary|secretary-general|spokesman|spokeswoman|spokesperson|
			chancellor|governor|mayor|senator|congressman|congresswoman|representative|ambassador|envoy|chairman|chairwoman|chairperson|
			director|director-general|ceo|cfo|coo|officer|executive|head|chief|leader|king|queen|prince|princess|emperor|pope|sheikh|
			general|admiral|commander|colonel|captain|lieutenant|judge|justice|prosecutor|attorney|economist|analyst|strategist|professor|
			adviser|advisor|aide|deputy|lawmaker|legislator|mp|pm|official|diplomat|negotiator|founder|owner|manager|coach|speaker|
			commissioner|administrator|inspector|archbishop|bishop|patriarch|president|chair|sen.|rep.|gov.|gen.|lt.|col.|capt.|adm.|
			sen|rep|gov|gen|lt|col|capt|adm|premier|ruler|monarch|regulator|partner|vice`),
		roleMods: set(`first|deputy|vice|acting|former|senior|chief|executive|general|permanent|special|interim|prime|foreign|finance|
			economy|economic|economics|defence|defense|interior|trade|energy|health|justice|education|agriculture|transport|labour|labor|
			environment|industry|state|home|culture|development|digital|emergency|emergencies|sports|press|national|security|assistant|
			associate|managing|operating|financial|technology|information|investment|central|regional|supreme|police|army|military|
			treasury|commerce|communications|research|investor|public|crown|grand|junior|principal|lead|top|co-founder|
			and|of|to|the|for|affairs|external|internal|relations|chief|executive|board|group|market|markets|bank|fund|equity`),
		titles: set(`mr|mrs|ms|dr|prof|mr.|mrs.|ms.|dr.|prof.|sir|dame|lord|lady|господин|госпожа`),
		ruRoleHeads: strings.Split(`президент|премьер|министр|замминистр|вице-премьер|вице-президент|пресс-секретар|секретар|губернатор|мэр|`+
			`директор|гендиректор|председател|зампред|заместител|представител|руководител|спикер|депутат|сенатор|советник|`+
			`помощник|лидер|канцлер|корол|генсек|командующ|начальник|прокурор|экономист|аналитик|эксперт|профессор|ректор|`+
			`основател|владел|посол|посла|послу|послом|глава|главы|главе|главу|главой|премьер-министр|омбудсмен|атташе|судья|судьи`, "|"),
		ruRoleMods: strings.Split(`официальн|генеральн|перв|исполнительн|постоянн|специальн|бывш|действующ|старш|главн|верховн|`+
			`временно|полномочн|чрезвычайн|федеральн|государственн|независим|ведущ|пресс-`, "|"),
		ruStops: set(`в|на|с|со|по|к|ко|о|об|у|за|из|от|для|и|что|как|а|но|же|ли|не|он|она|они|это|при|после|до|перед|между|` +
			`провел|провела|встретился|встретилась|заявил|заявила|сказал|сказала|сообщил|сообщила`),
		verbs: set(`said|says|say|saying|told|tells|tell|telling|added|adds|adding|stated|states|noted|notes|stressed|stresses|
			explained|explains|asked|asks|warned|warns|wrote|writes|insisted|insists|declared|declares|announced|announces|
			continued|replied|replies|recalled|argued|argues|acknowledged|admitted|complained|suggested|conceded|predicted|
			urged|called|calling|calls|described|describing|quipped|observed|cautioned|emphasised|emphasized|concluded|commented|
			remarked|promised|vowed|pledged|tweeted|posted|according|maintained|countered|responded|confirmed|agreed|claimed|
			заявил|заявила|заявили|заявляет|сказал|сказала|сказали|говорит|отметил|отметила|отметили|подчеркнул|подчеркнула|
			подчеркнули|добавил|добавила|добавили|сообщил|сообщила|сообщили|сообщает|пояснил|пояснила|пояснили|указал|указала|
			говорится|считает|признал|признала|написал|написала|рассказал|рассказала|заметил|заметила|констатировал|
			констатировала|ответил|ответила|уточнил|уточнила|призвал|призвала|назвал|назвала|назвали|резюмировал|предупредил|
			предупредила|заверил|заверила|пообещал|пообещала|подытожил|цитирует|процитировал|заявляют|отмечается|подчеркивается|
			напомнил|напомнила|убежден|уверен|уверена|полагает|добавляет|отмечает|подчеркивает|словам|сообщении|заявлении`),
		pronouns: set(`he|she|он|она`),
		stopCaps: set(`the|a|an|in|on|at|of|for|to|by|with|from|and|but|or|as|if|it|its|this|that|these|those|there|their|they|we|i|
			he|she|his|her|our|you|your|my|after|before|while|when|where|what|who|why|how|since|until|during|despite|under|over|
			about|also|however|meanwhile|earlier|later|last|next|some|many|most|more|all|both|each|no|not|one|two|three|
			monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|
			october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|analysts|shares|officials|sources|
			mobile|reading|nice|split|independence|surprise|orange|normal|temple|mission|hope|deal|police|sale|sandy|
			university|bank|ministry|party|council|government|state|republic|city|province|region|
			в|на|с|по|к|о|у|за|из|от|для|и|что|как|а|но|он|она|они|это|при|после|до|по|ранее|также|однако|кроме|
			мы|я|вы|ты|их|его|ее|её|там|тут|здесь|сегодня|вчера|завтра|уже|еще|ещё|все|всё|так|только|если|когда|где|
			января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|
			понедельник|вторник|среда|среду|четверг|пятница|пятницу|суббота|субботу|воскресенье`),
		orgHeads: set(`ministry|bank|party|council|commission|committee|agency|authority|department|office|organization|organisation|
			union|assembly|parliament|court|fund|corporation|group|holdings|airlines|airways|university|institute|foundation|
			association|federation|service|bureau|army|navy|forum|exchange|reserve|board|senate|congress|duma|cabinet|secretariat|
			guard|academy|chamber|tribunal|alliance|league|movement|front|network|motors|industries|energy|energies|petroleum|
			mining|steel|telecom|pharmaceuticals|pharma|shipping|logistics|technologies|systems|resources|electric|chemicals|
			foods|airport|railways|railway|bancorp|bancshares|securities|insurance|capital|partners|investments|brewery|
			newsroom|newsdesk|desk|bros|bros.|
			corp|corp.|inc|inc.|ltd|ltd.|plc|llc|pjsc|jsc|ojsc|se|ag|sa|nv|gmbh|co|co.|lp|llp|bv|spa|oyj|asa|ab|kk`),
		orgOfHeads: set(`ministry|bank|department|university|institute|council|commission|committee|office|organization|organisation|
			federation|union|court|academy|fund|chamber|board|bureau|agency|league|association|house|church|party|school|college`),
		orgSuffixes: set(`corp|corp.|inc|inc.|ltd|ltd.|plc|llc|pjsc|jsc|ojsc|se|ag|sa|nv|gmbh|co|co.|lp|llp|bv|spa|oyj|asa|ab|kk`),
		orgPrefixes: set(`pt|pjsc|jsc|ojsc|oao|zao|ooo|cv|tbk`),
		orgNouns: set(`company|firm|lender|giant|lobby|carrier|regulator|group|miner|operator|producer|maker|insurer|broker|
			watchdog|ministry|agency|bank|union|party|broadcaster|newspaper|airline|retailer|developer|conglomerate|rival|
			automaker|carmaker|supplier|manufacturer|body|organisation|organization|exchange|fund|bourse|utility|shipbuilder`),
		orgVocab:      map[string]string{},
		orgVocabFirst: map[string]int{},
		ruOrgForms:    set(`пао|ао|оао|зао|ооо|нко|ано|гк|фгуп|муп|гуп|ип`),
		ruOrgNouns: strings.Split(`министерств|ведомств|компани|банк|корпораци|концерн|холдинг|партия|партии|фонд|агентств|`+
			`служб|правительств|администраци|организаци|верф|завод|госкорпораци|издательств|телеканал|газет`, "|"),
		ruStatement: set(`сообщении|заявлении|документе|релизе|пресс-релизе|коммюнике|сообщение|заявление|телеграм-канале|канале`),
		acronymStops: set(`ceo|cfo|coo|gdp|pm|mp|lng|vat|tv|ok|usd|eur|rub|km|ai|it|covid|hiv|aids|dna|ii|iii|iv|vi|vii|viii|ix|xi|
			am|pm|est|gmt|utc|q1|q2|q3|q4|ipo|m|b|bn|mln|ввп|сми|ип|тв|км|млн|млрд|руб|долл|ссср|вс|ii`),
		nameParticles: set(`de|da|del|della|di|dos|das|du|van|von|der|den|bin|ibn|al|el|la|le|ter|ten|y|bint|abu`),
		agencies:      set(`tass|тасс|reuters|ap|afp|xinhua|interfax|интерфакс|риа|ria|bloomberg|upi|dpa|efe|ansa|kyodo|yonhap|bbc|cnn`),
	}
	for _, o := range []string{
		"UN", "U.N.", "United Nations", "UN Security Council", "U.N. Security Council", "Security Council", "UN General Assembly",
		"NATO", "EU", "European Union", "European Commission", "European Parliament", "European Central Bank", "ECB",
		"IMF", "International Monetary Fund", "World Bank", "WTO", "World Trade Organization", "WHO", "World Health Organization",
		"OPEC", "OPEC+", "IAEA", "OSCE", "ASEAN", "BRICS", "SCO", "G7", "G20", "African Union", "Arab League", "Red Cross",
		"Kremlin", "White House", "Pentagon", "State Department", "Federal Reserve", "Fed", "Congress", "Senate", "FBI", "CIA",
		"Bundestag", "State Duma", "Duma", "Federation Council", "Bank of England", "Bank of Japan", "Bank of Russia",
		"ООН", "Совет Безопасности ООН", "Совбез ООН", "СБ ООН", "НАТО", "ЕС", "Евросоюз", "МВФ", "ВТО", "ВОЗ", "ОПЕК", "ОПЕК+",
		"МАГАТЭ", "ОБСЕ", "ШОС", "БРИКС", "СНГ", "ОДКБ", "ЕАЭС", "Кремль", "Белый дом", "Пентагон", "Госдепартамент", "Госдеп",
		"Госдума", "Государственная дума", "Совет Федерации", "Совфед", "МИД", "Минфин", "Минобороны", "ЦБ", "Центробанк",
		"Банк России", "ФСБ", "МЧС", "МВД", "ФАС", "Росстат", "Роскосмос", "Росатом", "Роспотребнадзор", "Минздрав",
		"Минэкономразвития", "Минпромторг", "Минэнерго", "Минтранс", "Минюст", "Генпрокуратура", "Следственный комитет", "СК",
		"Европейский союз", "TASS", "ТАСС", "Reuters", "AFP", "Agence France-Presse", "Associated Press", "Xinhua",
		"Interfax", "Интерфакс", "РИА Новости", "Bloomberg", "Kyodo", "Yonhap", "Organization for Security and Co-operation in Europe", "OECD",
		"Organisation for Economic Co-operation and Development", "Organization for Economic Cooperation and Development", "Еврокомиссия",
		"Bundesbank", "Interpol", "Europol", "Nasdaq", "United Nations", "U.N.", "UN", "Security Council",
		"Organisation for Security and Cooperation in Europe", "Organization for Security and Cooperation in Europe",
		"Amnesty International", "Human Rights Watch", "Greenpeace", "Hamas", "Hezbollah", "Hizbollah", "Taleban", "Taliban",
		"Standard & Poor's", "Moody's", "Dow Jones", "Lloyd's",
	} {
		k := vocabKey(o)
		lx.orgVocab[k] = o
		first, _, _ := strings.Cut(k, " ")
		lx.orgVocabFirst[first] = max(lx.orgVocabFirst[first], len(strings.Fields(k)))
	}
	return lx
}
