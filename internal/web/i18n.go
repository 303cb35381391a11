package web

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// ui holds the site chrome in each language the site speaks. Keys are the
// same in every language (a test checks).
var ui = map[string]map[string]string{
	"en": {
		"skip": "Skip to content", "search": "Search", "sections": "Sections", "allNews": "All news",
		"home": "Home", "topStories": "Top stories", "latest": "Latest", "older": "Older stories",
		"newest": "Newest stories", "updatedAt": "Updated at", "published": "Published",
		"by": "By", "section": "Section", "tags": "Tags", "correction": "Correction",
		"corrections": "Corrections", "otherLanguages": "Also in", "related": "Related stories",
		"flash": "Flash", "urgent": "Urgent", "feeds": "Feeds", "noStories": "No stories yet.",
		"searchResults": "Search results", "searchFor": "Results for", "noResults": "Nothing matches your search.",
		"searchHint":  "Type words to search headlines and stories.",
		"killedTitle": "This story has been withdrawn", "killedText": "The story that was published at this address has been withdrawn.",
		"reason": "Reason", "notFoundTitle": "Page not found",
		"notFoundText":    "There is no page at this address. It may have moved, or the link may be mistyped.",
		"badRequestTitle": "This address cannot be read", "badRequestText": "Part of the address is not valid.",
		"errorTitle": "Something went wrong", "errorText": "We could not show this page. Please try again in a moment.",
		"unavailableTitle": "Temporarily unavailable", "unavailableText": "Our database cannot be reached at the moment. Please try again in a few seconds.",
		"requestID": "Reference", "tag": "Tag", "language": "Русская версия", "languageHref": "ru",
		"footer": "News from Dateline", "sectionTitle": "%s", "tagTitle": "Tag: %s",
		"readOn": "Go to the front page", "withdrawn": "Withdrawn", "qOpen": "“", "qClose": "”",
		"personTitle": "%s", "placeTitle": "%s", "orgTitle": "%s", "inThisStory": "In this story",
		"people": "People", "places": "Places", "organisations": "Organisations", "quotes": "Quotes",
		"personLabel": "Person", "placeLabel": "Place", "orgLabel": "Organisation",
		"lead": "Lead story", "more": "More", "live": "Updated live", "langName": "English",
		"resultOne": "%d result", "resultFew": "%d results", "resultMany": "%d results",
		"sortBy": "Sort by", "sortRelevance": "Relevance", "sortDate": "Newest first", "filters": "Filters",
		"anySection": "All sections", "from": "From", "to": "To", "anyLanguage": "All languages",
		"apply": "Apply", "inLanguage": "Language", "translation": "Translation", "menu": "Menu",
		"siteNav": "Site", "langSwitch": "Language", "today": "Today", "yesterday": "Yesterday",
	},
	"ru": {
		"skip": "Перейти к содержанию", "search": "Поиск", "sections": "Разделы", "allNews": "Все новости",
		"home": "Главная", "topStories": "Главное", "latest": "Последние новости", "older": "Более ранние",
		"newest": "Самые новые", "updatedAt": "Обновлено", "published": "Опубликовано",
		"by": "Автор:", "section": "Раздел", "tags": "Теги", "correction": "Исправление",
		"corrections": "Исправления", "otherLanguages": "На других языках", "related": "По теме",
		"flash": "Молния", "urgent": "Срочно", "feeds": "Ленты", "noStories": "Новостей пока нет.",
		"searchResults": "Результаты поиска", "searchFor": "Найдено по запросу", "noResults": "По вашему запросу ничего не найдено.",
		"searchHint":  "Введите слова для поиска по заголовкам и текстам.",
		"killedTitle": "Материал отозван", "killedText": "Материал, опубликованный по этому адресу, отозван.",
		"reason": "Причина", "notFoundTitle": "Страница не найдена",
		"notFoundText":    "По этому адресу страницы нет. Возможно, она перемещена или в ссылке опечатка.",
		"badRequestTitle": "Адрес не распознан", "badRequestText": "Часть адреса недействительна.",
		"errorTitle": "Что-то пошло не так", "errorText": "Не удалось показать страницу. Попробуйте ещё раз чуть позже.",
		"unavailableTitle": "Временно недоступно", "unavailableText": "База данных сейчас недоступна. Попробуйте ещё раз через несколько секунд.",
		"requestID": "Номер запроса", "tag": "Тег", "language": "English version", "languageHref": "en",
		"footer": "Новости Dateline", "sectionTitle": "%s", "tagTitle": "Тег: %s",
		"readOn": "На главную", "withdrawn": "Отозван", "qOpen": "«", "qClose": "»",
		"personTitle": "%s", "placeTitle": "%s", "orgTitle": "%s", "inThisStory": "В этом материале",
		"people": "Люди", "places": "Места", "organisations": "Организации", "quotes": "Цитаты",
		"personLabel": "Персона", "placeLabel": "Место", "orgLabel": "Организация",
		"lead": "Главная новость", "more": "Ещё", "live": "Обновляется автоматически", "langName": "Русский",
		"resultOne": "Найден %d материал", "resultFew": "Найдено %d материала", "resultMany": "Найдено %d материалов",
		"sortBy": "Сортировка", "sortRelevance": "По релевантности", "sortDate": "Сначала новые", "filters": "Фильтры",
		"anySection": "Все разделы", "from": "С", "to": "По", "anyLanguage": "Все языки",
		"apply": "Применить", "inLanguage": "Язык", "translation": "Перевод", "menu": "Меню",
		"siteNav": "Сайт", "langSwitch": "Язык", "today": "Сегодня", "yesterday": "Вчера",
	},
}

// chromeLang picks the chrome language for a content language: Russian
// for ru, English for everything else.
func chromeLang(lang string) string {
	if lang == "ru" || strings.HasPrefix(lang, "ru-") {
		return "ru"
	}
	return "en"
}

func uiStrings(lang string) map[string]string { return ui[chromeLang(lang)] }

func trf(tr map[string]string, key string, args ...any) string { return fmt.Sprintf(tr[key], args...) }

var enMonths = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// zoneAbbrev is how a zone's abbreviation reads in the chrome language:
// Russian pages write МСК for Moscow time, as Russian readers expect.
func zoneAbbrev(t time.Time, lang string) string {
	name, _ := t.Zone()
	if chromeLang(lang) == "ru" {
		switch name {
		case "MSK":
			return "МСК"
		case "UTC":
			return "UTC"
		}
	}
	return name
}

// humanTime formats t for readers in zone loc and the chrome language:
// "18 December 2016, 09:15 MSK", "18 декабря 2016, 09:15 МСК".
func humanTime(t time.Time, loc *time.Location, lang string) string {
	t = t.In(loc)
	if chromeLang(lang) == "ru" {
		return fmt.Sprintf("%d %s %d, %02d:%02d %s", t.Day(), news.RuMonthGenitive(t.Month()), t.Year(), t.Hour(), t.Minute(), zoneAbbrev(t, lang))
	}
	return fmt.Sprintf("%d %s %d, %02d:%02d %s", t.Day(), enMonths[t.Month()], t.Year(), t.Hour(), t.Minute(), zoneAbbrev(t, lang))
}

// shortTime is the time of a news rail item, "09:15" (in loc).
func shortTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
}

// railDay names the day of a rail item in loc: "Today", "Yesterday", or
// "17 December" ("17 декабря").
func railDay(t, now time.Time, loc *time.Location, lang string) string {
	t, now = t.In(loc), now.In(loc)
	tr := uiStrings(lang)
	y, m, d := now.Date()
	switch ty, tm, td := t.Date(); {
	case ty == y && tm == m && td == d:
		return tr["today"]
	case time.Date(ty, tm, td+1, 0, 0, 0, 0, loc).Equal(time.Date(y, m, d, 0, 0, 0, 0, loc)):
		return tr["yesterday"]
	}
	if chromeLang(lang) == "ru" {
		return fmt.Sprintf("%d %s", t.Day(), news.RuMonthGenitive(t.Month()))
	}
	return fmt.Sprintf("%d %s", t.Day(), enMonths[t.Month()])
}

// plural picks the form of a count in the chrome language: en has one
// and other; ru has one (1, 21), few (2-4, 22-24) and many.
func plural(lang string, n int, one, few, many string) string {
	if chromeLang(lang) != "ru" {
		if n == 1 {
			return fmt.Sprintf(one, n)
		}
		return fmt.Sprintf(many, n)
	}
	switch d, dd := n%10, n%100; {
	case d == 1 && dd != 11:
		return fmt.Sprintf(one, n)
	case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
		return fmt.Sprintf(few, n)
	}
	return fmt.Sprintf(many, n)
}

// sectionName is how a section is shown on a page in language lang: the
// managed section's name in that language, else the key with a capital
// first letter.
func sectionName(sec string, managed []news.Section, lang string) string {
	for _, m := range managed {
		if m.Key == sec {
			return m.Name(chromeLang(lang))
		}
	}
	r, size := utf8.DecodeRuneInString(sec)
	if r == utf8.RuneError {
		return sec
	}
	return string(unicode.ToTitle(r)) + sec[size:]
}
