package extract

// Held-out stories: written with their expectations after the extractor
// had been tuned on goldens, and not used for tuning before the first run
// whose figures are reported in TestHeldOutPrecisionRecall. Invented
// people and events; real places.

import (
	"github.com/dateline-news/dateline/internal/news"
)

var heldOut = []golden{
	{
		name: "reuters-berlin",
		story: story("en", "Germany will not block EU steel tariff, Brandt says",
			news.Dateline{Place: "BERLIN", Credit: "Reuters", Style: news.StyleReuters, Date: date(2026, 10, 3), Text: "BERLIN, Oct 3 (Reuters) -"},
			`German Chancellor Helga Brandt said on Monday her government would not block a European Union plan to tax imports of steel, but warned that Berlin expected "fair treatment" for its carmakers.`,
			`"We support the principle, but the details matter," Brandt told a news conference with Polish Prime Minister Tomasz Wilk.`,
			`Wilk said Poland and Germany would coordinate their positions before the next summit in Brussels.`,
			`Volkswagen AG, Europe's largest carmaker, said in a statement it was "studying the proposal closely".`,
			`"Nobody wins a trade war," said Markus Feld, an economist at Commerzbank.`,
		),
		people: []wantPerson{{"Helga Brandt", "Chancellor"}, {"Tomasz Wilk", "Prime Minister"}, {"Markus Feld", "economist"}},
		orgs:   []string{"European Union", "Volkswagen AG", "Commerzbank"},
		places: []wantPlace{{"Berlin", "DE"}, {"Poland", "PL"}, {"Germany", "DE"}, {"Brussels", "BE"}},
		quotes: []wantQuote{
			{"Helga Brandt", "fair treatment"},
			{"Helga Brandt", "We support the principle, but the details matter"},
			{"Volkswagen AG", "studying the proposal closely"},
			{"Markus Feld", "Nobody wins a trade war"},
		},
	},
	{
		name: "ap-mexico-city",
		story: story("en", "Mexico rescues 40 migrants from abandoned truck",
			news.Dateline{Place: "MEXICO CITY", Credit: "AP", Style: news.StyleAP, Text: "MEXICO CITY (AP) —"},
			`Mexico's Interior Minister Rosa Almada said Friday that authorities had rescued 40 migrants from a truck abandoned on a highway in the state of Veracruz.`,
			`Almada told reporters the migrants, most of them from Guatemala and Honduras, were in good health. "They were found just in time," she said.`,
			`The National Migration Institute said the driver had fled. The agency said it was working with the Attorney General's Office to find him.`,
			`"We will not rest until those responsible are in jail," Almada said.`,
		),
		people: []wantPerson{{"Rosa Almada", "Interior Minister"}},
		orgs:   []string{"National Migration Institute", "Attorney General's Office"},
		places: []wantPlace{{"Mexico City", "MX"}, {"Mexico", "MX"}, {"Veracruz", "MX"}, {"Guatemala", "GT"}, {"Honduras", "HN"}},
		quotes: []wantQuote{
			{"Rosa Almada", "They were found just in time"},
			{"Rosa Almada", "We will not rest until those responsible are in jail"},
		},
	},
	{
		name: "tass-en-minsk",
		story: story("en", "Minsk ready to host consultations",
			news.Dateline{Place: "MINSK", Credit: "TASS", Style: news.StyleTASS, Date: date(2026, 3, 14), Text: "MINSK, March 14. /TASS/."},
			`Belarusian Foreign Minister Viktor Lisovsky has said that Minsk is ready to host a new round of consultations between Russia and Ukraine.`,
			`"Our capital has always been a platform for dialogue," Lisovsky said in an interview.`,
			`He stressed that the initiative had been discussed with the Russian Foreign Ministry and with the Organization for Security and Co-operation in Europe.`,
			`Lisovsky also said he planned to visit Beijing and Hanoi in April.`,
		),
		people: []wantPerson{{"Viktor Lisovsky", "Foreign Minister"}},
		orgs:   []string{"Russian Foreign Ministry", "Organization for Security and Co-operation in Europe"},
		places: []wantPlace{{"Minsk", "BY"}, {"Russia", "RU"}, {"Ukraine", "UA"}, {"Beijing", "CN"}, {"Hanoi", "VN"}},
		quotes: []wantQuote{
			{"Viktor Lisovsky", "Our capital has always been a platform for dialogue"},
		},
	},
	{
		name: "tass-ru-yekaterinburg",
		story: story("ru", "Строительство метро в Екатеринбурге начнется в следующем году",
			news.Dateline{Place: "ЕКАТЕРИНБУРГ", Credit: "ТАСС", Style: news.StyleTASS, Date: date(2026, 7, 10), Text: "ЕКАТЕРИНБУРГ, 10 июля. /ТАСС/."},
			`Мэр Екатеринбурга Олег Гусев заявил, что строительство метро в городе начнется в следующем году.`,
			`«Проект полностью готов, финансирование согласовано с правительством», — сказал Гусев на пресс-конференции.`,
			`По его словам, первую очередь построит АО «Уралтрансстрой».`,
			`Губернатор Свердловской области Наталья Орлова поддержала проект. «Это решение давно назрело», — отметила она.`,
			`В Минфине России ранее сообщили, что средства на строительство будут выделены в рамках федеральной программы.`,
		),
		people: []wantPerson{{"Олег Гусев", "мэр"}, {"Наталья Орлова", "губернатор"}},
		orgs:   []string{"АО «Уралтрансстрой»", "Минфин России"},
		places: []wantPlace{{"Екатеринбург", "RU"}, {"Свердловская область", "RU"}},
		quotes: []wantQuote{
			{"Олег Гусев", "Проект полностью готов, финансирование согласовано с правительством"},
			{"Наталья Орлова", "Это решение давно назрело"},
		},
	},
	{
		name: "xinhua-jakarta",
		story: story("en", "Indonesia opens Jakarta-Surabaya high-speed line",
			news.Dateline{Place: "JAKARTA", Credit: "Xinhua", Style: news.StyleXinhua, Date: date(2026, 8, 9), Text: "JAKARTA, Aug. 9 (Xinhua) --"},
			`Indonesian President Budi Santoso on Wednesday inaugurated a new high-speed railway line linking Jakarta and Surabaya, the country's second-largest city.`,
			`"This railway will change the way our people travel and do business," Santoso said at the ceremony.`,
			`The project was built by PT Kereta Cepat Indonesia, a joint venture of Indonesian and Chinese state-owned companies, with a loan from the China Development Bank.`,
			`Transport Minister Eko Wibowo said trains would run every 30 minutes.`,
		),
		people: []wantPerson{{"Budi Santoso", "President"}, {"Eko Wibowo", "Transport Minister"}},
		orgs:   []string{"PT Kereta Cepat Indonesia", "China Development Bank"},
		places: []wantPlace{{"Jakarta", "ID"}, {"Surabaya", "ID"}},
		quotes: []wantQuote{
			{"Budi Santoso", "This railway will change the way our people travel and do business"},
		},
	},
	{
		name: "interfax-kyiv",
		story: story("en", "Power restored in most Ukrainian regions",
			news.Dateline{Place: "KYIV", Credit: "Interfax", Style: news.StyleInterfax, Date: date(2026, 2, 2), Text: "KYIV. Feb 2 (Interfax) -"},
			`Ukraine's Energy Minister Oksana Hrytsenko said on Thursday that power supplies had been restored in most regions after overnight strikes on energy facilities.`,
			`"Repair crews worked through the night. We thank every one of them," Hrytsenko wrote on social media.`,
			`State grid operator Ukrenergo said consumption limits would remain in force in the Kharkiv and Odesa regions.`,
			`The International Atomic Energy Agency said the Zaporizhzhia nuclear plant had briefly lost external power. IAEA Director General Rafael Ortiz called the situation "precarious".`,
		),
		people: []wantPerson{{"Oksana Hrytsenko", "Energy Minister"}, {"Rafael Ortiz", "Director General"}},
		orgs:   []string{"Ukrenergo", "International Atomic Energy Agency", "IAEA"},
		places: []wantPlace{{"Kyiv", "UA"}, {"Ukraine", "UA"}, {"Kharkiv", "UA"}, {"Odesa", "UA"}, {"Zaporizhzhia", "UA"}},
		quotes: []wantQuote{
			{"Oksana Hrytsenko", "Repair crews worked through the night. We thank every one of them"},
			{"Rafael Ortiz", "precarious"},
		},
	},
}
