// The titles of File > Open example > Scenarios: each built-in scenario's
// lesson, translatable; a scenario without an entry here keeps the lesson
// its first comment line states.
#pragma once

#include <QString>

namespace arenascope::app {

// "# Lesson: a freed block is handed out again first." -> "A freed block is
// handed out again first": what a scenario file's first line teaches.
QString lessonOfComment(const QString& firstLine);

// The title of scenario `name` (its file name without ".py"): the table's
// translation for a built-in one, else lessonOfComment(firstLine).
QString scenarioTitle(const QString& name, const QString& firstLine);

} // namespace arenascope::app
