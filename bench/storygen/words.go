package storygen

// The vocabulary below was written for this generator. Every person,
// company and agency in it is invented; places are real cities, used only
// as dateline places.

type place struct {
	en, ru string // dateline place as wire copy writes it (upper case)
}

var places = []place{
	{"LONDON", "ЛОНДОН"}, {"PARIS", "ПАРИЖ"}, {"BERLIN", "БЕРЛИН"}, {"MOSCOW", "МОСКВА"},
	{"WASHINGTON", "ВАШИНГТОН"}, {"NEW YORK", "НЬЮ-ЙОРК"}, {"TOKYO", "ТОКИО"}, {"BEIJING", "ПЕКИН"},
	{"NEW DELHI", "НЬЮ-ДЕЛИ"}, {"BRASILIA", "БРАЗИЛИА"}, {"SANTIAGO", "САНТЬЯГО"}, {"NAIROBI", "НАЙРОБИ"},
	{"CAIRO", "КАИР"}, {"ANKARA", "АНКАРА"}, {"MADRID", "МАДРИД"}, {"ROME", "РИМ"},
	{"WARSAW", "ВАРШАВА"}, {"VIENNA", "ВЕНА"}, {"GENEVA", "ЖЕНЕВА"}, {"BRUSSELS", "БРЮССЕЛЬ"},
	{"SEOUL", "СЕУЛ"}, {"SINGAPORE", "СИНГАПУР"}, {"JAKARTA", "ДЖАКАРТА"}, {"SYDNEY", "СИДНЕЙ"},
	{"OTTAWA", "ОТТАВА"}, {"MEXICO CITY", "МЕХИКО"}, {"BUENOS AIRES", "БУЭНОС-АЙРЕС"}, {"LAGOS", "ЛАГОС"},
	{"JOHANNESBURG", "ЙОХАННЕСБУРГ"}, {"ASTANA", "АСТАНА"}, {"HELSINKI", "ХЕЛЬСИНКИ"}, {"OSLO", "ОСЛО"},
}

var sections = []string{"world", "politics", "business", "markets", "technology", "science",
	"health", "environment", "sport", "culture"}

// sectionWeights makes world, business and politics the busiest desks.
var sectionWeights = []int{20, 16, 18, 12, 8, 5, 6, 5, 6, 4}

// tagVocab lists tags per section; stories draw most tags from their own
// section and now and then one from anywhere.
var tagVocab = map[string][]string{
	"world":       {"Diplomacy", "United Nations", "Elections", "Migration", "Ceasefire", "Sanctions", "Refugees", "Border", "Summit", "Treaty"},
	"politics":    {"Parliament", "Elections", "Budget", "Coalition", "Referendum", "Courts", "Corruption", "Opposition", "Cabinet", "Reform"},
	"business":    {"Mergers", "Earnings", "Retail", "Aviation", "Shipping", "Automotive", "Banking", "Insurance", "Labour", "Trade"},
	"markets":     {"Stocks", "Bonds", "Currencies", "Oil", "Gold", "Grain", "Copper", "Interest Rates", "Inflation", "Central Banks"},
	"technology":  {"Semiconductors", "Telecoms", "Software", "Cybersecurity", "Satellites", "Data Protection", "Startups", "Robotics"},
	"science":     {"Space", "Physics", "Genetics", "Archaeology", "Oceans", "Astronomy", "Research Funding"},
	"health":      {"Vaccines", "Hospitals", "Public Health", "Pharmaceuticals", "Epidemics", "Nutrition"},
	"environment": {"Climate", "Drought", "Floods", "Wildfires", "Renewables", "Forests", "Emissions", "Water"},
	"sport":       {"Football", "Tennis", "Athletics", "Cycling", "Olympics", "Motor Racing", "Chess"},
	"culture":     {"Film", "Music", "Books", "Museums", "Theatre", "Heritage", "Awards"},
}

var ruTags = []string{"Экономика", "Политика", "Энергетика", "Выборы", "Транспорт", "Наука", "Спорт", "Культура", "Сельское хозяйство", "Дипломатия"}

var firstNames = []string{"Maria", "Tomas", "Aiko", "Samuel", "Leila", "Rafael", "Ingrid", "Kwame", "Nadia", "Oskar",
	"Priya", "Mateo", "Hana", "Viktor", "Amara", "Lucas", "Selin", "Jonas", "Elena", "Farid", "Greta", "Ravi",
	"Camila", "Dmitri", "Ayesha", "Henrik", "Yusuf", "Clara", "Kenji", "Zofia"}

var lastNames = []string{"Lindqvist", "Okafor", "Marchetti", "Tanabe", "Delacroix-Moor", "Haddad", "Brennan",
	"Valdera", "Koskinen", "Mbeki-Ross", "Sorensen", "Quintal", "Ferreira", "Novak", "Aldana", "Rasmussen",
	"Iwu", "Castellan", "Petrakis", "Huang-Lee", "Morrow", "Adeyemi", "Varga", "Stroud", "Kalnins", "Ortega"}

var roles = []string{"finance minister", "foreign minister", "chief executive", "central bank governor",
	"spokeswoman for the ministry", "spokesman for the company", "senior analyst", "union leader",
	"head of research", "mayor", "opposition leader", "chief economist", "prosecutor", "coach",
	"festival director", "health minister", "port director", "chair of the committee"}

var orgs = []string{"Norrland Freight", "Castellan Bank", "Orbis Telecom", "the ministry of finance",
	"the central bank", "Helix Pharmaceuticals", "the national statistics office", "Vantar Energy",
	"the port authority", "Meridian Motors", "the electoral commission", "Kestrel Airlines",
	"the supreme court", "Quarry Hill Mining", "the water board", "Tessaly Foods", "the football federation",
	"Lumen Semiconductor", "the environment agency", "Braid Insurance", "the parliament", "Solace Hospitals"}

var subjectNouns = []string{"government", "company", "ministry", "regulator", "committee", "union", "court",
	"council", "agency", "board", "coalition", "delegation", "consortium", "federation", "bank"}

var verbsPast = []string{"approved", "rejected", "announced", "delayed", "proposed", "cut", "raised",
	"suspended", "extended", "reviewed", "signed", "blocked", "backed", "questioned", "confirmed", "postponed",
	"expanded", "cancelled", "outlined", "defended"}

var objects = []string{"a plan to modernise the rail network", "new tariffs on imported steel",
	"the sale of its shipping unit", "a budget for the coming year", "talks on a regional ceasefire",
	"limits on water use during the drought", "a pipeline across the northern plain",
	"funding for semiconductor plants", "a review of pension rules", "an inquiry into the contract",
	"a bid for the telecoms operator", "emergency aid for flooded districts", "a new vaccine programme",
	"the merger of two regional lenders", "a cap on electricity prices", "a trade agreement with its neighbours",
	"changes to the electoral law", "a ban on night flights", "the closure of three coal mines",
	"a rescue package for the airline", "new rules on data protection", "a bond issue worth several billion",
	"a reform of the tax code", "plans for a second satellite launch", "the rebuilding of the old harbour"}

var adverbials = []string{"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
	"on Saturday", "on Sunday", "late on Monday", "earlier this week", "after months of talks",
	"despite strong objections", "in a statement", "at a news conference", "in a filing to regulators",
	"according to people familiar with the matter", "for the first time in a decade"}

var clauses = []string{"sending shares in the sector sharply lower", "a move welcomed by investors",
	"a decision that critics called premature", "while inflation remained above the target",
	"as the opposition called for a vote", "adding to pressure on the cabinet",
	"after a year of falling output", "as the currency weakened against the dollar",
	"in a sign that tensions were easing", "ahead of elections due next spring",
	"after a ruling by the constitutional court", "as exporters struggled with higher costs",
	"with unemployment at its lowest in years", "while negotiators met behind closed doors",
	"as wildfires spread through the southern hills", "after heavy rain flooded the capital"}

var quantities = []string{"1.2 billion euros", "340 million dollars", "15 percent", "2.5 percentage points",
	"about 4,000 jobs", "nearly 600 kilometres", "12 new plants", "three quarters", "a record 81 million tonnes",
	"0.25 percentage point", "more than 200 flights", "some 9,500 households", "two years"}

var money = []string{"1.2 billion euros", "340 million dollars", "about 75 million pounds", "4.8 billion yuan",
	"nearly 900 million rupees", "2 billion dollars", "610 million euros"}

var quoteBits = []string{"We have done everything we can to keep the process open",
	"This is a difficult decision but the right one for the country",
	"The numbers speak for themselves and we expect a stronger second half",
	"Nobody wins if the talks collapse now",
	"We will study the ruling carefully before deciding on an appeal",
	"The market had priced in much of this already",
	"Our teams worked through the night to restore the service",
	"It is too early to say how long the shortage will last",
	"We are ready to sit down with anyone who wants a fair deal",
	"The evidence points clearly in one direction"}

var subheads = []string{"Market reaction", "What happens next", "Background", "Opposition response",
	"Costs and funding", "Regional impact", "A long dispute", "Industry view", "Timeline", "Key figures"}

var headlineVerbs = []string{"approves", "rejects", "delays", "backs", "unveils", "scraps", "weighs",
	"extends", "cuts", "raises", "probes", "signs", "halts", "seeks", "warns on"}

var headlineObjects = []string{"rail modernisation plan", "steel tariffs", "shipping unit sale",
	"next year's budget", "ceasefire talks", "drought water limits", "northern pipeline",
	"chip plant subsidies", "pension overhaul", "contract inquiry", "telecoms takeover bid",
	"flood relief package", "vaccine programme", "bank merger", "power price cap", "regional trade pact",
	"electoral law changes", "night flight ban", "coal mine closures", "airline rescue"}

var headlineTails = []string{"after weeks of talks", "as inflation bites", "amid protests", "despite objections",
	"ahead of vote", "as prices climb", "under pressure from allies", "in surprise move", "to calm markets",
	"after court ruling", "as drought deepens", "in bid to cut costs"}

// Russian: short building blocks for Cyrillic stories.
var ruSubjects = []string{"Правительство", "Министерство финансов", "Центральный банк", "Городской совет",
	"Совет директоров компании", "Комитет по бюджету", "Региональная администрация", "Федеральное агентство"}

var ruVerbs = []string{"утвердило", "одобрило", "отложило", "предложило", "расширило", "пересмотрело",
	"объявило", "поддержало"}

var ruObjects = []string{"план модернизации железных дорог", "новый бюджет на следующий год",
	"программу помощи фермерам", "строительство нового моста", "правила экспорта зерна",
	"соглашение о поставках газа", "реформу пенсионной системы", "проект нового аэропорта",
	"меры поддержки малого бизнеса", "программу ремонта школ"}

var ruAdverbials = []string{"в понедельник", "во вторник", "в среду", "в четверг", "в пятницу",
	"на этой неделе", "после долгих переговоров", "по итогам заседания", "в официальном заявлении"}

var ruClauses = []string{"сообщили журналистам в пресс-службе", "говорится в документе",
	"отметили эксперты", "заявил представитель ведомства", "уточнили в правительстве",
	"передает корреспондент агентства"}

var ruQuotes = []string{"Мы рассчитываем завершить работу до конца года",
	"Это решение далось нелегко, но оно необходимо",
	"Спрос продолжает расти, и мы готовы к этому",
	"Все обязательства будут выполнены в срок"}

var ruSubheads = []string{"Реакция рынка", "Что дальше", "Предыстория", "Основные цифры"}

var ruHeadlineTails = []string{"после переговоров", "на фоне роста цен", "по итогам года", "в ближайшие месяцы"}

// SearchWords are words the generated copy uses at different frequencies,
// for search benchmarks: common, middling and rare, and two in Russian.
var SearchWords = []string{"ministry", "pipeline", "tariffs", "drought", "semiconductor", "ceasefire",
	"pension", "harbour", "vaccine", "inflation", "airline", "satellite", "merger", "coal", "electoral",
	"правительство", "бюджет"}
