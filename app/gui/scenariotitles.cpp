// The built-in scenarios' lessons, written again here because a file's
// comment cannot be translated; their English matches the files' first lines
// (a test compares them).
#include "app/gui/scenariotitles.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace arenascope::app {
namespace {

constexpr const char* kContext = "arenascope::app::ScenarioTitles";

struct Title {
    const char* name;
    const char* lesson;
};

constexpr Title kTitles[] = {
    {"block_reuse", QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                                      "A freed block is handed out again first")},
    {"generation_threshold",
     QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                       "Generation 0 passing its threshold starts a collection")},
    {"growing_dict", QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                                       "A dict that grows without bound (a cache nobody empties)")},
    {"list_growth",
     QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles", "List growth and over-allocation")},
    {"pinned_arena", QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                                       "One surviving object keeps a whole arena")},
    {"reference_cycle",
     QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                       "A reference cycle survives `del` until the collector runs")},
    {"string_building", QT_TRANSLATE_NOOP("arenascope::app::ScenarioTitles",
                                          "Building a string with + versus ''.join")},
};

} // namespace

QString lessonOfComment(const QString& firstLine) {
    static const QRegularExpression prefix(QStringLiteral("^#\\s*(Lesson:)?\\s*"));
    QString lesson = firstLine.trimmed();
    lesson.remove(prefix);
    if (lesson.endsWith(QLatin1Char('.')))
        lesson.chop(1); // a menu entry, not a sentence
    if (!lesson.isEmpty())
        lesson[0] = lesson[0].toUpper();
    return lesson;
}

QString scenarioTitle(const QString& name, const QString& firstLine) {
    for (const Title& t : kTitles)
        if (name == QLatin1String(t.name))
            return QCoreApplication::translate(kContext, t.lesson);
    return lessonOfComment(firstLine);
}

} // namespace arenascope::app
