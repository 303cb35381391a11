package extract

// Second held-out round, written after the fixes prompted by the first
// and run once before any further change; figures in the package README.

import "github.com/dateline-news/dateline/internal/news"

var heldOut2 = []golden{
	{
		name: "afp-nairobi",
		story: story("en", "Kenyan opposition calls protests over fuel tax",
			news.Dateline{Place: "NAIROBI", Credit: "AFP", Style: news.StyleAFP, Date: date(2026, 1, 15), Text: "NAIROBI, Jan 15, 2026 (AFP) -"},
			`Kenyan opposition leader Grace Mwangi on Thursday called for nationwide protests against a proposed fuel tax, saying the measure would "crush ordinary families".`,
			`Mwangi, who leads the Democratic Alliance party, told supporters in Mombasa that the protests would be peaceful.`,
			`"We will march, we will sing, but we will not break a single window," she said.`,
			`Treasury Secretary Daniel Otieno defended the tax in an interview with a local broadcaster, arguing that Kenya needed to reduce its dependence on loans from the International Monetary Fund.`,
			`"The alternative is a debt crisis," Otieno said.`,
		),
		people: []wantPerson{{"Grace Mwangi", "leader"}, {"Daniel Otieno", "Treasury Secretary"}},
		orgs:   []string{"Democratic Alliance", "International Monetary Fund"},
		places: []wantPlace{{"Nairobi", "KE"}, {"Mombasa", "KE"}, {"Kenya", "KE"}},
		quotes: []wantQuote{
			{"Grace Mwangi", "crush ordinary families"},
			{"Grace Mwangi", "We will march, we will sing, but we will not break a single window"},
			{"Daniel Otieno", "The alternative is a debt crisis"},
		},
	},
	{
		name: "tass-ru-kazan",
		story: story("ru", "Хайруллин обсудил с Chery строительство автозавода",
			news.Dateline{Place: "КАЗАНЬ", Credit: "ТАСС", Style: news.StyleTASS, Date: date(2026, 3, 5), Text: "КАЗАНЬ, 5 марта. /ТАСС/."},
			`Президент Татарстана Рустам Хайруллин встретился с делегацией китайской компании Chery и обсудил строительство автозавода в Набережных Челнах.`,
			`«Мы рассчитываем, что первые автомобили сойдут с конвейера уже через два года», — сказал Хайруллин журналистам после встречи.`,
			`Вице-президент компании Ли Вэй отметил, что инвестиции в проект превысят 500 млн долларов.`,
			`«Татарстан предлагает лучшие условия для производства в России», — заявил он.`,
		),
		people: []wantPerson{{"Рустам Хайруллин", "президент"}, {"Ли Вэй", "вице-президент"}},
		orgs:   []string{"Chery"},
		places: []wantPlace{{"Казань", "RU"}, {"Татарстан", "RU"}, {"Набережные Челны", "RU"}, {"Россия", "RU"}},
		quotes: []wantQuote{
			{"Рустам Хайруллин", "Мы рассчитываем, что первые автомобили сойдут с конвейера уже через два года"},
			{"Ли Вэй", "Татарстан предлагает лучшие условия для производства в России"},
		},
	},
	{
		name: "reuters-tokyo-earnings",
		story: story("en", "Hanabishi profit rises on hybrid demand",
			news.Dateline{Place: "TOKYO", Credit: "Reuters", Style: news.StyleReuters, Date: date(2026, 5, 12), Text: "TOKYO, May 12 (Reuters) -"},
			`Japan's Hanabishi Motors Corp reported a 12% rise in quarterly profit on Tuesday, helped by strong sales of hybrid cars in North America.`,
			`"Demand for our hybrids continues to exceed supply," Chief Financial Officer Yuki Tanaka told an earnings briefing.`,
			`The weak yen also boosted earnings, Tanaka said, adding that the company expected the Bank of Japan to raise interest rates gradually.`,
			`Shares of Hanabishi rose 4% in Tokyo, outperforming the benchmark Nikkei index.`,
		),
		people: []wantPerson{{"Yuki Tanaka", "Chief Financial Officer"}},
		orgs:   []string{"Hanabishi Motors Corp", "Bank of Japan"},
		places: []wantPlace{{"Tokyo", "JP"}, {"Japan", "JP"}},
		quotes: []wantQuote{
			{"Yuki Tanaka", "Demand for our hybrids continues to exceed supply"},
		},
	},
	{
		name: "ap-rome",
		story: story("en", "Rome to close historic center to cars",
			news.Dateline{Place: "ROME", Credit: "AP", Style: news.StyleAP, Text: "ROME (AP) —"},
			`Rome Mayor Lucia Ferri on Sunday unveiled a plan to close the historic center to private cars by 2030, saying the city could no longer "sacrifice its monuments to traffic".`,
			`Ferri said buses and trams would be free for residents under 18 starting next year.`,
			`Shop owners were divided. "It will kill our business," said Paolo Conti, who runs a leather shop near the Pantheon.`,
			`Italy's Transport Ministry said it would study the proposal. The European Commission has urged Italian cities to cut emissions.`,
		),
		people: []wantPerson{{"Lucia Ferri", "Mayor"}, {"Paolo Conti", ""}},
		orgs:   []string{"Transport Ministry", "European Commission"},
		places: []wantPlace{{"Rome", "IT"}, {"Italy", "IT"}},
		quotes: []wantQuote{
			{"Lucia Ferri", "sacrifice its monuments to traffic"},
			{"Paolo Conti", "It will kill our business"},
		},
	},
}
