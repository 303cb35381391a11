package extract

// Stories invented for these tests (people, companies and events are
// fictional; places are real), in the dateline styles of the agencies, with
// the entities and quotes a careful reader would list, written down before
// the extractor was.

import (
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

type wantPerson struct{ Name, Role string }
type wantPlace struct{ Name, Country string }
type wantQuote struct{ Speaker, Text string }

type golden struct {
	name   string
	story  *news.Story
	people []wantPerson
	orgs   []string
	places []wantPlace
	quotes []wantQuote
}

func story(lang, headline string, dl news.Dateline, paras ...string) *news.Story {
	s := &news.Story{Language: lang, Headline: headline, Dateline: dl}
	for _, p := range paras {
		s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: p})
	}
	return s
}

func date(y int, m time.Month, d int) news.Date { return news.Date{Year: y, Month: m, Day: d} }

var goldens = []golden{
	{
		name: "tass-en-tokyo",
		story: story("en", "Japanese PM says talks with Russia very productive",
			news.Dateline{Place: "TOKYO", Credit: "TASS", Style: news.StyleTASS, Date: date(2026, 12, 18), Text: "TOKYO, December 18. /TASS/."},
			`Japan's Prime Minister Kenji Morita said on Sunday that his talks with Russian President Pavel Sorokin in Yamaguchi had been "very productive".`,
			`"We have agreed to start consultations on joint economic activity on the islands," Morita told reporters in Tokyo.`,
			`The Japanese prime minister added that the sides would meet again in Moscow next year.`,
			`"The road to a peace treaty is not easy, but we have taken a first step," he said.`,
			`Kremlin spokesman Igor Belov said the Russian side was satisfied with the visit. "The atmosphere was warm and businesslike," said Belov.`,
			`Japan's Ministry of Foreign Affairs said the leaders had also discussed security in the region. Mitsubishi Corp and Rosneft PJSC signed a memorandum on liquefied natural gas supplies.`,
		),
		people: []wantPerson{{"Kenji Morita", "Prime Minister"}, {"Pavel Sorokin", "President"}, {"Igor Belov", "spokesman"}},
		orgs:   []string{"Kremlin", "Ministry of Foreign Affairs", "Mitsubishi Corp", "Rosneft PJSC"},
		places: []wantPlace{{"Tokyo", "JP"}, {"Japan", "JP"}, {"Yamaguchi", "JP"}, {"Moscow", "RU"}},
		quotes: []wantQuote{
			{"Kenji Morita", "very productive"},
			{"Kenji Morita", "We have agreed to start consultations on joint economic activity on the islands"},
			{"Kenji Morita", "The road to a peace treaty is not easy, but we have taken a first step"},
			{"Igor Belov", "The atmosphere was warm and businesslike"},
		},
	},
	{
		name: "reuters-santiago",
		story: story("en", "Chile to cut growth forecast as copper slides",
			news.Dateline{Place: "SANTIAGO", Credit: "Reuters", Style: news.StyleReuters, Date: date(2026, 11, 27), Text: "SANTIAGO, Nov 27 (Reuters) -"},
			`Chile's Finance Minister Maria Lopez said on Tuesday the government would cut its growth forecast for next year, citing weaker copper prices.`,
			`"We are facing a more difficult external environment than we expected," Lopez said in an interview.`,
			`The central bank, which meets next week, has kept its benchmark rate unchanged since March. Central Bank of Chile President Rodrigo Vial told lawmakers in Valparaiso that inflation was "under control" but that risks remained.`,
			`Copper giant Codelco, the world's largest producer, said output fell 4 percent in October. Shares of Antofagasta Plc fell 2 percent in London.`,
			`"The fiscal rule will be respected," said Lopez, who took office in March.`,
		),
		people: []wantPerson{{"Maria Lopez", "Finance Minister"}, {"Rodrigo Vial", "President"}},
		orgs:   []string{"Central Bank of Chile", "Codelco", "Antofagasta Plc"},
		places: []wantPlace{{"Santiago", "CL"}, {"Chile", "CL"}, {"Valparaíso", "CL"}, {"London", "GB"}},
		quotes: []wantQuote{
			{"Maria Lopez", "We are facing a more difficult external environment than we expected"},
			{"Rodrigo Vial", "under control"},
			{"Maria Lopez", "The fiscal rule will be respected"},
		},
	},
	{
		name: "ap-washington",
		story: story("en", "US to host new round of talks on Ukraine",
			news.Dateline{Place: "WASHINGTON", Credit: "AP", Style: news.StyleAP, Text: "WASHINGTON (AP) —"},
			`Secretary of State Linda Carver said Thursday that the United States would host a new round of talks on the conflict, as fighting continued in eastern Ukraine.`,
			`Carver, speaking at the State Department, said she had spoken by phone with Ukrainian Foreign Minister Oleksiy Danko and urged both sides to respect a ceasefire.`,
			`"Diplomacy is slow, and it is frustrating, but it is the only road that leads anywhere," Carver said.`,
			`Senator James Whitfield, a Republican from Ohio, criticized the plan. "We have been here before," Whitfield said. "Talks without pressure achieve nothing."`,
			`The White House did not respond to a request for comment.`,
			`"This is a moment that calls for patience," Danko told reporters in a telephone interview from Kyiv. "We are ready to talk.`,
			`"But we will not trade land for peace."`,
		),
		people: []wantPerson{{"Linda Carver", "Secretary of State"}, {"Oleksiy Danko", "Foreign Minister"}, {"James Whitfield", "Senator"}},
		orgs:   []string{"State Department", "White House"},
		places: []wantPlace{{"Washington", "US"}, {"United States", "US"}, {"Ukraine", "UA"}, {"Ohio", "US"}, {"Kyiv", "UA"}},
		quotes: []wantQuote{
			{"Linda Carver", "Diplomacy is slow, and it is frustrating, but it is the only road that leads anywhere"},
			{"James Whitfield", "We have been here before"},
			{"James Whitfield", "Talks without pressure achieve nothing"},
			{"Oleksiy Danko", "This is a moment that calls for patience"},
			{"Oleksiy Danko", "We are ready to talk. But we will not trade land for peace"},
		},
	},
	{
		name: "afp-paris",
		story: story("en", "France defends tax on big companies",
			news.Dateline{Place: "PARIS", Credit: "AFP", Style: news.StyleAFP, Date: date(2026, 11, 26), Text: "PARIS, Nov 26, 2026 (AFP) -"},
			`French Economy Minister Antoine Lefevre on Wednesday defended a plan to raise taxes on large companies, telling the National Assembly it was "a question of fairness".`,
			`Business lobby Medef warned the measure would cost jobs. "This is the wrong tax at the wrong time," its president, Claire Dumont, said in a statement.`,
			`Lefevre said the tax would apply only to firms with sales above one billion euros, such as TotalEnergies SE and LVMH.`,
			`"Nobody is asking the baker in Lyon to pay more," he told a radio station.`,
		),
		people: []wantPerson{{"Antoine Lefevre", "Economy Minister"}, {"Claire Dumont", "president"}},
		orgs:   []string{"National Assembly", "Medef", "TotalEnergies SE", "LVMH"},
		places: []wantPlace{{"Paris", "FR"}, {"Lyon", "FR"}},
		quotes: []wantQuote{
			{"Antoine Lefevre", "a question of fairness"},
			{"Claire Dumont", "This is the wrong tax at the wrong time"},
			{"Antoine Lefevre", "Nobody is asking the baker in Lyon to pay more"},
		},
	},
	{
		name: "xinhua-beijing",
		story: story("en", "China, Kazakhstan agree to expand trade links",
			news.Dateline{Place: "BEIJING", Credit: "Xinhua", Style: news.StyleXinhua, Date: date(2026, 11, 25), Text: "BEIJING, Nov. 25 (Xinhua) --"},
			`Chinese Vice Premier Zhao Minghua met with visiting Kazakh Prime Minister Askar Beketov in Beijing on Tuesday, and the two sides agreed to expand trade and transport links.`,
			`Zhao said China is willing to work with Kazakhstan to deepen cooperation in energy, agriculture and logistics.`,
			`Beketov said Kazakhstan attaches great importance to its relations with China and hopes to increase freight traffic through the port of Lianyungang.`,
			`The two sides signed documents on cooperation between the China Development Bank and the Development Bank of Kazakhstan JSC.`,
			`"Our relations are at their best level in history," Beketov told reporters after the meeting.`,
		),
		people: []wantPerson{{"Zhao Minghua", "Vice Premier"}, {"Askar Beketov", "Prime Minister"}},
		orgs:   []string{"China Development Bank", "Development Bank of Kazakhstan JSC"},
		places: []wantPlace{{"Beijing", "CN"}, {"China", "CN"}, {"Kazakhstan", "KZ"}, {"Lianyungang", "CN"}},
		quotes: []wantQuote{
			{"Askar Beketov", "Our relations are at their best level in history"},
		},
	},
	{
		name: "interfax-moscow",
		story: story("en", "Bank of Russia holds key rate",
			news.Dateline{Place: "MOSCOW", Credit: "Interfax", Style: news.StyleInterfax, Date: date(2026, 11, 24), Text: "MOSCOW. Nov 24 (Interfax) -"},
			`Russia's central bank left its key rate unchanged on Friday, Bank of Russia Governor Yelena Markova told a news conference.`,
			`"Inflation expectations remain elevated, and we see no room for easing yet," Markova said.`,
			`Analysts at Sberbank PJSC had expected the decision. Sberbank chief economist Oleg Ryabov said the regulator would probably begin to cut rates in the spring.`,
			`The Finance Ministry said separately that the budget deficit had narrowed in the first ten months.`,
			`"The key rate decision was expected and fully justified," Deputy Finance Minister Anton Volkov said in a comment to reporters in St Petersburg.`,
		),
		people: []wantPerson{{"Yelena Markova", "Governor"}, {"Oleg Ryabov", "chief economist"}, {"Anton Volkov", "Deputy Finance Minister"}},
		orgs:   []string{"Bank of Russia", "Sberbank PJSC", "Finance Ministry"},
		places: []wantPlace{{"Moscow", "RU"}, {"Russia", "RU"}, {"Saint Petersburg", "RU"}},
		quotes: []wantQuote{
			{"Yelena Markova", "Inflation expectations remain elevated, and we see no room for easing yet"},
			{"Anton Volkov", "The key rate decision was expected and fully justified"},
		},
	},
	{
		name: "tass-en-new-york",
		story: story("en", "Russia calls for emergency Security Council meeting on Syria",
			news.Dateline{Place: "NEW YORK", Credit: "TASS", Style: news.StyleTASS, Date: date(2026, 12, 5), Text: "NEW YORK, December 5. /TASS/."},
			`Russia's Permanent Representative to the UN Dmitry Orlov on Monday called on the UN Security Council to hold an emergency meeting on the situation in Syria.`,
			`"The council cannot stay silent while civilians are dying," Orlov told journalists. He added that Moscow had circulated a draft resolution.`,
			`According to Orlov, the draft "calls on all parties to stop hostilities immediately".`,
			`The US envoy, Rebecca Stein, said Washington would study the text. "We will look at it carefully," she said.`,
			`The World Health Organization said hospitals in Aleppo were running out of supplies.`,
		),
		people: []wantPerson{{"Dmitry Orlov", "Permanent Representative"}, {"Rebecca Stein", "envoy"}},
		orgs:   []string{"UN", "UN Security Council", "World Health Organization"},
		places: []wantPlace{{"New York City", "US"}, {"Russia", "RU"}, {"Syria", "SY"}, {"Moscow", "RU"}, {"United States", "US"}, {"Washington", "US"}, {"Aleppo", "SY"}},
		quotes: []wantQuote{
			{"Dmitry Orlov", "The council cannot stay silent while civilians are dying"},
			{"Dmitry Orlov", "calls on all parties to stop hostilities immediately"},
			{"Rebecca Stein", "We will look at it carefully"},
		},
	},
	{
		name: "reuters-london-deal",
		story: story("en", "Northwind to buy Harbour Power for $2.1 billion",
			news.Dateline{Place: "LONDON", Credit: "Reuters", Style: news.StyleReuters, Date: date(2026, 11, 20), Text: "LONDON, Nov 20 (Reuters) -"},
			`Northwind Energy Ltd said on Friday it would buy rival Harbour Power Inc for $2.1 billion in cash, creating Britain's third-largest electricity supplier.`,
			`"This deal gives us the scale to invest in the grid of the future," Chief Executive Officer Sarah Whitlock said in a statement.`,
			`Harbour Power chairman Daniel Price said the board had unanimously backed the offer, calling it "a fair price for a strong business".`,
			`The Competition and Markets Authority is expected to review the deal. Shares in Northwind rose 3% in early trading in London.`,
			`Ofgem, the energy regulator, said it would not comment on individual transactions.`,
		),
		people: []wantPerson{{"Sarah Whitlock", "Chief Executive Officer"}, {"Daniel Price", "chairman"}},
		orgs:   []string{"Northwind Energy Ltd", "Harbour Power Inc", "Competition and Markets Authority", "Ofgem"},
		places: []wantPlace{{"London", "GB"}, {"United Kingdom", "GB"}},
		quotes: []wantQuote{
			{"Sarah Whitlock", "This deal gives us the scale to invest in the grid of the future"},
			{"Daniel Price", "a fair price for a strong business"},
		},
	},
	{
		name: "ap-new-delhi",
		story: story("en", "India, Australia sign critical minerals pact",
			news.Dateline{Place: "NEW DELHI", Credit: "AP", Style: news.StyleAP, Text: "NEW DELHI (AP) —"},
			`Indian Prime Minister Ravi Mehta and visiting Australian Prime Minister Tom Hadley on Monday signed an agreement on critical minerals.`,
			`"Australia has what India needs, and India has what the world needs," Mehta said at a joint news conference. Hadley called the deal "a new chapter".`,
			`Mehta, who faces a general election next year, has made manufacturing a priority of his National Progress Party.`,
			`"We're not here to sign paper, we're here to build things," Hadley said, adding that the first shipments would leave Perth by March.`,
			`The Australian prime minister will travel to Mumbai on Tuesday to meet business leaders, including executives of Tata Steel Ltd.`,
		),
		people: []wantPerson{{"Ravi Mehta", "Prime Minister"}, {"Tom Hadley", "Prime Minister"}},
		orgs:   []string{"National Progress Party", "Tata Steel Ltd"},
		places: []wantPlace{{"New Delhi", "IN"}, {"Australia", "AU"}, {"India", "IN"}, {"Perth", "AU"}, {"Mumbai", "IN"}},
		quotes: []wantQuote{
			{"Ravi Mehta", "Australia has what India needs, and India has what the world needs"},
			{"Tom Hadley", "a new chapter"},
			{"Tom Hadley", "We're not here to sign paper, we're here to build things"},
		},
	},
	{
		name: "tass-ru-moscow",
		story: story("ru", "Воронцов: Москва готова продолжить консультации с Токио",
			news.Dateline{Place: "МОСКВА", Credit: "ТАСС", Style: news.StyleTASS, Date: date(2026, 11, 24), Text: "МОСКВА, 24 ноября. /ТАСС/."},
			`Министр иностранных дел России Андрей Воронцов заявил в четверг, что Москва готова продолжить консультации с Токио по мирному договору.`,
			`«Мы видим, что японская сторона настроена конструктивно», — сказал Воронцов журналистам.`,
			`Он также отметил, что следующий раунд переговоров может пройти в Санкт-Петербурге. «Дата пока не определена», — добавил министр.`,
			`Официальный представитель МИД России Ольга Беляева сообщила, что соответствующие документы уже переданы японской стороне.`,
			`«Российская сторона выполнила все договоренности», — говорится в сообщении министерства.`,
		),
		people: []wantPerson{{"Андрей Воронцов", "министр иностранных дел"}, {"Ольга Беляева", "официальный представитель"}},
		orgs:   []string{"МИД России"},
		places: []wantPlace{{"Москва", "RU"}, {"Россия", "RU"}, {"Токио", "JP"}, {"Санкт-Петербург", "RU"}},
		quotes: []wantQuote{
			{"Андрей Воронцов", "Мы видим, что японская сторона настроена конструктивно"},
			{"Андрей Воронцов", "Дата пока не определена"},
			{"МИД России", "Российская сторона выполнила все договоренности"},
		},
	},
	{
		name: "tass-ru-shipyard",
		story: story("ru", "Северная верфь спустит на воду два судна в следующем году",
			news.Dateline{Place: "САНКТ-ПЕТЕРБУРГ", Credit: "ТАСС", Style: news.StyleTASS, Date: date(2026, 6, 3), Text: "САНКТ-ПЕТЕРБУРГ, 3 июня. /ТАСС/."},
			`Генеральный директор ПАО «Северная верфь» Игорь Каменев сообщил, что компания в следующем году спустит на воду два новых судна.`,
			`«Загрузка верфи на ближайшие три года полностью обеспечена», — заявил Каменев.`,
			`По словам Каменева, заказчиком выступает АО «Балтийская транспортная компания».`,
			`Губернатор Санкт-Петербурга Алексей Дронов, присутствовавший на церемонии, назвал проект «важным для всего города».`,
			`Ранее Министерство промышленности и торговли РФ сообщило о выделении верфи субсидии.`,
		),
		people: []wantPerson{{"Игорь Каменев", "генеральный директор"}, {"Алексей Дронов", "губернатор"}},
		orgs:   []string{"ПАО «Северная верфь»", "АО «Балтийская транспортная компания»", "Министерство промышленности и торговли РФ"},
		places: []wantPlace{{"Санкт-Петербург", "RU"}},
		quotes: []wantQuote{
			{"Игорь Каменев", "Загрузка верфи на ближайшие три года полностью обеспечена"},
			{"Алексей Дронов", "важным для всего города"},
		},
	},
	{
		name: "tass-ru-vladivostok",
		story: story("ru", "Гришин призвал инвесторов вкладываться в Дальний Восток",
			news.Dateline{Place: "ВЛАДИВОСТОК", Credit: "ТАСС", Style: news.StyleTASS, Date: date(2026, 9, 12), Text: "ВЛАДИВОСТОК, 12 сентября. /ТАСС/."},
			`Вице-премьер Михаил Гришин на экономическом форуме призвал инвесторов активнее вкладываться в Дальний Восток.`,
			`«Мы создали здесь условия, которых нет больше нигде в стране. Налоговые льготы действуют двадцать лет.`,
			`«Это не обещания, а закон», — подчеркнул Гришин.`,
			`По его словам, в прошлом году в регион пришли инвестиции из Китая, Южной Кореи и Индии.`,
			`Глава Минвостокразвития Сергей Ушаков сообщил, что число резидентов территорий опережающего развития превысило три тысячи. «Интерес инвесторов растет каждый месяц», — отметил он.`,
		),
		people: []wantPerson{{"Михаил Гришин", "вице-премьер"}, {"Сергей Ушаков", "глава"}},
		orgs:   []string{"Минвостокразвития"},
		places: []wantPlace{{"Владивосток", "RU"}, {"Дальний Восток", "RU"}, {"Китай", "CN"}, {"Южная Корея", "KR"}, {"Индия", "IN"}},
		quotes: []wantQuote{
			{"Михаил Гришин", "Мы создали здесь условия, которых нет больше нигде в стране. Налоговые льготы действуют двадцать лет. Это не обещания, а закон"},
			{"Сергей Ушаков", "Интерес инвесторов растет каждый месяц"},
		},
	},
}
