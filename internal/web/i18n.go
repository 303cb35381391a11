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
		"footer": "News from Dateline", "sectionTitle": "Section: %s", "tagTitle": "Tag: %s",
		"readOn": "Go to the front page", "withdrawn": "Withdrawn", "qOpen": "“", "qClose": "”",
		"personTitle": "%s", "placeTitle": "%s", "orgTitle": "%s", "inThisStory": "In this story",
		"people": "People", "places": "Places", "organisations": "Organisations", "quotes": "Quotes",
		"personLabel": "Person", "placeLabel": "Place", "orgLabel": "Organisation",
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
		"footer": "Новости Dateline", "sectionTitle": "Раздел: %s", "tagTitle": "Тег: %s",
		"readOn": "На главную", "withdrawn": "Отозван", "qOpen": "«", "qClose": "»",
		"personTitle": "%s", "placeTitle": "%s", "orgTitle": "%s", "inThisStory": "В этом материале",
		"people": "Люди", "places": "Места", "organisations": "Организации", "quotes": "Цитаты",
		"personLabel": "Персона", "placeLabel": "Место", "orgLabel": "Организация",
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

// humanTime formats t for readers, in UTC, in the chrome language.
func humanTime(t time.Time, lang string) string {
	t = t.UTC()
	if chromeLang(lang) == "ru" {
		return fmt.Sprintf("%d %s %d, %02d:%02d UTC", t.Day(), news.RuMonthGenitive(t.Month()), t.Year(), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d %s %d, %02d:%02d UTC", t.Day(), enMonths[t.Month()], t.Year(), t.Hour(), t.Minute())
}

// sectionNames are the display names of the usual sections, by chrome
// language. Sections are stored in lower case (news.Story.Normalize).
var sectionNames = map[string]map[string]string{
	"en": {
		"politics": "Politics", "economy": "Economy", "business": "Business", "world": "World",
		"science": "Science", "technology": "Technology", "sport": "Sport", "sports": "Sports",
		"culture": "Culture", "society": "Society", "health": "Health", "environment": "Environment",
		"general": "General", "opinion": "Opinion", "education": "Education", "weather": "Weather",
		"crime": "Crime", "media": "Media", "travel": "Travel", "lifestyle": "Lifestyle",
	},
	"ru": {
		"politics": "Политика", "economy": "Экономика", "business": "Бизнес", "world": "В мире",
		"science": "Наука", "technology": "Технологии", "sport": "Спорт", "sports": "Спорт",
		"culture": "Культура", "society": "Общество", "health": "Здоровье", "environment": "Экология",
		"general": "Общее", "opinion": "Мнения", "education": "Образование", "weather": "Погода",
		"crime": "Происшествия", "media": "Медиа", "travel": "Путешествия", "lifestyle": "Стиль жизни",
	},
}

// sectionName is how a section is shown on a page in language lang: the
// usual sections translated, any other with a capital first letter.
func sectionName(sec, lang string) string {
	if n, ok := sectionNames[chromeLang(lang)][sec]; ok {
		return n
	}
	r, size := utf8.DecodeRuneInString(sec)
	if r == utf8.RuneError {
		return sec
	}
	return string(unicode.ToTitle(r)) + sec[size:]
}
