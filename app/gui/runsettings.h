// What the window remembers for running programs (QSettings): the time-out
// and, per script, the text given to it as standard input.
#pragma once

#include <QString>

namespace arenascope::app {

constexpr double kDefaultRunTimeout = 60;  // seconds

// Seconds a run may take before it is ended (0: no limit).
double runTimeout();
void setRunTimeout(double seconds);

// The standard input remembered for `script` (its absolute path); empty:
// none, the program reads end of file.
QString programInput(const QString& script);
void setProgramInput(const QString& script, const QString& text);

} // namespace arenascope::app
