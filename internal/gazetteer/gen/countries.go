package main

// extra holds names GeoNames' country file does not carry, written by hand
// for the countries most often in the news: other English names, Russian
// names (nominative) and demonyms (English and Russian adjectives, masculine
// nominative; the loader matches other case forms).
type extra struct {
	aliases   []string
	ru        []string
	demonyms  []string
	ruDemonym []string
}

var countryExtras = map[string]extra{
	"RU": {[]string{"Russian Federation"}, []string{"Россия", "РФ", "Российская Федерация"}, []string{"Russian", "Russians"}, []string{"российский"}},
	"US": {[]string{"United States of America", "U.S.", "US", "USA", "America"}, []string{"США", "Соединенные Штаты", "Америка"}, []string{"American", "Americans", "U.S."}, []string{"американский"}},
	"GB": {[]string{"Britain", "Great Britain", "UK", "U.K.", "England"}, []string{"Великобритания", "Британия", "Англия"}, []string{"British", "Briton", "English"}, []string{"британский", "английский"}},
	"JP": {nil, []string{"Япония"}, []string{"Japanese"}, []string{"японский"}},
	"CN": {[]string{"People's Republic of China", "PRC"}, []string{"Китай", "КНР"}, []string{"Chinese"}, []string{"китайский"}},
	"DE": {nil, []string{"Германия", "ФРГ"}, []string{"German", "Germans"}, []string{"германский", "немецкий"}},
	"FR": {nil, []string{"Франция"}, []string{"French"}, []string{"французский"}},
	"IT": {nil, []string{"Италия"}, []string{"Italian"}, []string{"итальянский"}},
	"ES": {nil, []string{"Испания"}, []string{"Spanish"}, []string{"испанский"}},
	"UA": {nil, []string{"Украина"}, []string{"Ukrainian", "Ukrainians"}, []string{"украинский"}},
	"BY": {nil, []string{"Белоруссия", "Беларусь"}, []string{"Belarusian"}, []string{"белорусский"}},
	"KZ": {nil, []string{"Казахстан"}, []string{"Kazakh"}, []string{"казахстанский"}},
	"IN": {nil, []string{"Индия"}, []string{"Indian"}, []string{"индийский"}},
	"PK": {nil, []string{"Пакистан"}, []string{"Pakistani"}, []string{"пакистанский"}},
	"IR": {nil, []string{"Иран"}, []string{"Iranian"}, []string{"иранский"}},
	"IQ": {nil, []string{"Ирак"}, []string{"Iraqi"}, []string{"иракский"}},
	"SY": {nil, []string{"Сирия"}, []string{"Syrian"}, []string{"сирийский"}},
	"TR": {[]string{"Turkiye"}, []string{"Турция"}, []string{"Turkish"}, []string{"турецкий"}},
	"IL": {nil, []string{"Израиль"}, []string{"Israeli"}, []string{"израильский"}},
	"EG": {nil, []string{"Египет"}, []string{"Egyptian"}, []string{"египетский"}},
	"SA": {nil, []string{"Саудовская Аравия"}, []string{"Saudi"}, []string{"саудовский"}},
	"KP": {[]string{"North Korea", "DPRK"}, []string{"КНДР", "Северная Корея"}, []string{"North Korean"}, []string{"северокорейский"}},
	"KR": {[]string{"South Korea"}, []string{"Южная Корея", "Республика Корея"}, []string{"South Korean"}, []string{"южнокорейский"}},
	"CA": {nil, []string{"Канада"}, []string{"Canadian"}, []string{"канадский"}},
	"MX": {nil, []string{"Мексика"}, []string{"Mexican"}, []string{"мексиканский"}},
	"BR": {nil, []string{"Бразилия"}, []string{"Brazilian"}, []string{"бразильский"}},
	"AR": {nil, []string{"Аргентина"}, []string{"Argentine", "Argentinian"}, []string{"аргентинский"}},
	"CL": {nil, []string{"Чили"}, []string{"Chilean"}, []string{"чилийский"}},
	"PE": {nil, []string{"Перу"}, []string{"Peruvian"}, []string{"перуанский"}},
	"CO": {nil, []string{"Колумбия"}, []string{"Colombian"}, []string{"колумбийский"}},
	"VE": {nil, []string{"Венесуэла"}, []string{"Venezuelan"}, []string{"венесуэльский"}},
	"CU": {nil, []string{"Куба"}, []string{"Cuban"}, []string{"кубинский"}},
	"AU": {nil, []string{"Австралия"}, []string{"Australian"}, []string{"австралийский"}},
	"NZ": {nil, []string{"Новая Зеландия"}, []string{"New Zealand"}, []string{"новозеландский"}},
	"PL": {nil, []string{"Польша"}, []string{"Polish"}, []string{"польский"}},
	"CZ": {[]string{"Czech Republic"}, []string{"Чехия"}, []string{"Czech"}, []string{"чешский"}},
	"HU": {nil, []string{"Венгрия"}, []string{"Hungarian"}, []string{"венгерский"}},
	"RO": {nil, []string{"Румыния"}, []string{"Romanian"}, []string{"румынский"}},
	"BG": {nil, []string{"Болгария"}, []string{"Bulgarian"}, []string{"болгарский"}},
	"RS": {nil, []string{"Сербия"}, []string{"Serbian"}, []string{"сербский"}},
	"GR": {nil, []string{"Греция"}, []string{"Greek"}, []string{"греческий"}},
	"NL": {[]string{"Holland"}, []string{"Нидерланды", "Голландия"}, []string{"Dutch"}, []string{"нидерландский", "голландский"}},
	"BE": {nil, []string{"Бельгия"}, []string{"Belgian"}, []string{"бельгийский"}},
	"CH": {nil, []string{"Швейцария"}, []string{"Swiss"}, []string{"швейцарский"}},
	"AT": {nil, []string{"Австрия"}, []string{"Austrian"}, []string{"австрийский"}},
	"SE": {nil, []string{"Швеция"}, []string{"Swedish"}, []string{"шведский"}},
	"NO": {nil, []string{"Норвегия"}, []string{"Norwegian"}, []string{"норвежский"}},
	"FI": {nil, []string{"Финляндия"}, []string{"Finnish"}, []string{"финский", "финляндский"}},
	"DK": {nil, []string{"Дания"}, []string{"Danish"}, []string{"датский"}},
	"IE": {nil, []string{"Ирландия"}, []string{"Irish"}, []string{"ирландский"}},
	"PT": {nil, []string{"Португалия"}, []string{"Portuguese"}, []string{"португальский"}},
	"EE": {nil, []string{"Эстония"}, []string{"Estonian"}, []string{"эстонский"}},
	"LV": {nil, []string{"Латвия"}, []string{"Latvian"}, []string{"латвийский"}},
	"LT": {nil, []string{"Литва"}, []string{"Lithuanian"}, []string{"литовский"}},
	"GE": {nil, []string{"Грузия"}, []string{"Georgian"}, []string{"грузинский"}},
	"AM": {nil, []string{"Армения"}, []string{"Armenian"}, []string{"армянский"}},
	"AZ": {nil, []string{"Азербайджан"}, []string{"Azerbaijani"}, []string{"азербайджанский"}},
	"UZ": {nil, []string{"Узбекистан"}, []string{"Uzbek"}, []string{"узбекский"}},
	"KG": {nil, []string{"Киргизия", "Кыргызстан"}, []string{"Kyrgyz"}, []string{"киргизский"}},
	"TJ": {nil, []string{"Таджикистан"}, []string{"Tajik"}, []string{"таджикский"}},
	"TM": {nil, []string{"Туркмения", "Туркменистан"}, []string{"Turkmen"}, []string{"туркменский"}},
	"MD": {nil, []string{"Молдавия", "Молдова"}, []string{"Moldovan"}, []string{"молдавский"}},
	"MN": {nil, []string{"Монголия"}, []string{"Mongolian"}, []string{"монгольский"}},
	"VN": {nil, []string{"Вьетнам"}, []string{"Vietnamese"}, []string{"вьетнамский"}},
	"TH": {nil, []string{"Таиланд"}, []string{"Thai"}, []string{"таиландский", "тайский"}},
	"ID": {nil, []string{"Индонезия"}, []string{"Indonesian"}, []string{"индонезийский"}},
	"MY": {nil, []string{"Малайзия"}, []string{"Malaysian"}, []string{"малайзийский"}},
	"PH": {nil, []string{"Филиппины"}, []string{"Filipino", "Philippine"}, []string{"филиппинский"}},
	"SG": {nil, []string{"Сингапур"}, []string{"Singaporean"}, []string{"сингапурский"}},
	"AF": {nil, []string{"Афганистан"}, []string{"Afghan"}, []string{"афганский"}},
	"ZA": {nil, []string{"ЮАР"}, []string{"South African"}, []string{"южноафриканский"}},
	"NG": {nil, []string{"Нигерия"}, []string{"Nigerian"}, []string{"нигерийский"}},
	"ET": {nil, []string{"Эфиопия"}, []string{"Ethiopian"}, []string{"эфиопский"}},
	"KE": {nil, []string{"Кения"}, []string{"Kenyan"}, []string{"кенийский"}},
	"DZ": {nil, []string{"Алжир"}, []string{"Algerian"}, []string{"алжирский"}},
	"MA": {nil, []string{"Марокко"}, []string{"Moroccan"}, []string{"марокканский"}},
	"LY": {nil, []string{"Ливия"}, []string{"Libyan"}, []string{"ливийский"}},
	"LB": {nil, []string{"Ливан"}, []string{"Lebanese"}, []string{"ливанский"}},
	"JO": {nil, []string{"Иордания"}, []string{"Jordanian"}, []string{"иорданский"}},
	"QA": {nil, []string{"Катар"}, []string{"Qatari"}, []string{"катарский"}},
	"AE": {[]string{"UAE"}, []string{"ОАЭ"}, []string{"Emirati"}, []string{"эмиратский"}},
	"PS": {nil, []string{"Палестина"}, []string{"Palestinian"}, []string{"палестинский"}},
}

// cityExtras adds English names the GeoNames "name" column does not carry.
var cityExtras = map[string][]string{
	"703448":  {"Kiev"},                                               // Kyiv
	"5128581": {"New York", "NYC"},                                    // New York City
	"498817":  {"St Petersburg", "St. Petersburg", "Санкт-Петербург"}, // Saint Petersburg
	"1816670": {"Peking"},                                             // Beijing
	"1275339": {"Bombay"},                                             // Mumbai
}

// regionExtras are regions the news names that GeoNames' first-level
// divisions do not (macro-regions) or name only in transliteration.
var regionExtras = []struct {
	cc, code, name string
	aliases        []string
}{
	{"RU", "RU.FE", "Russian Far East", []string{"Far East", "Дальний Восток"}},
	{"RU", "RU.SIB", "Siberia", []string{"Сибирь"}},
	{"RU", "RU.URL", "Urals", []string{"Урал"}},
	{"RU", "RU.59", "Primorye", []string{"Приморье", "Приморский край"}},
	{"RU", "RU.63", "Yakutia", []string{"Якутия"}},
	{"RU", "RU.47", "Moscow Region", []string{"Подмосковье", "Московская область"}},
	{"RU", "RU.12", "Chechnya", []string{"Чечня"}},
	{"RU", "RU.73", "Tatarstan", []string{"Татарстан"}},
	{"RU", "RU.92", "Kamchatka", []string{"Камчатка"}},
	{"RU", "RU.64", "Sakhalin", []string{"Сахалин"}},
	{"RU", "RU.15", "Chukotka", []string{"Чукотка"}},
	{"RU", "RU.38", "Kuban", []string{"Кубань", "Краснодарский край"}},
	{"RU", "RU.08", "Bashkortostan", []string{"Bashkiria", "Башкирия", "Башкортостан"}},
	{"RU", "RU.17", "Dagestan", []string{"Дагестан"}},
}

// continents are written with no country; callers may skip them, but they
// stop "North America" from being read as "North" and "America".
var continents = []struct {
	name    string
	aliases []string
}{
	{"Europe", []string{"Европа"}},
	{"Asia", []string{"Азия"}},
	{"Africa", []string{"Африка"}},
	{"North America", []string{"Северная Америка"}},
	{"South America", []string{"Южная Америка"}},
	{"Latin America", []string{"Латинская Америка"}},
	{"Central America", []string{"Центральная Америка"}},
	{"Middle East", []string{"Ближний Восток"}},
	{"Asia-Pacific", []string{"Азиатско-Тихоокеанский регион", "АТР"}},
	{"Oceania", []string{"Океания"}},
	{"Antarctica", []string{"Антарктида", "Антарктика"}},
	{"Arctic", []string{"Арктика"}},
	{"Southeast Asia", []string{"Юго-Восточная Азия"}},
	{"Central Asia", []string{"Центральная Азия"}},
	{"Eastern Europe", []string{"Восточная Европа"}},
	{"Western Europe", []string{"Западная Европа"}},
	{"Balkans", []string{"Балканы"}},
	{"Caucasus", []string{"Кавказ"}},
	{"Scandinavia", []string{"Скандинавия"}},
}

// otherNames are further English names of countries, older or shorter
// ones that copy still uses, added to countryExtras' aliases.
var otherNames = map[string][]string{
	"BA": {"Bosnia", "Bosnia-Herzegovina"},
	"MM": {"Burma"},
	"CI": {"Ivory Coast"},
	"MK": {"Macedonia", "FYROM"},
	"SK": {"Slovak Republic"},
	"SR": {"Surinam"},
	"KZ": {"Kazakstan"},
	"CD": {"Zaire", "DR Congo", "DRC"},
	"CV": {"Cape Verde"},
	"TL": {"East Timor"},
	"SZ": {"Swaziland"},
	"VA": {"Vatican", "Holy See"},
	"KG": {"Kirghizia", "Kyrghyzstan"},
	"MD": {"Moldova"},
	"BY": {"Byelorussia", "Belorussia"},
	"PS": {"West Bank", "Gaza Strip", "Gaza", "Palestinian Territories"},
}
