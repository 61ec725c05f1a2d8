// Run settings: the inputs live in one map keyed by the script's absolute
// path (QSettings keys would read its slashes as groups).
#include "app/gui/runsettings.h"

#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>

namespace arenascope::app {
namespace {

const QString kTimeout = QStringLiteral("run/timeout");
const QString kInputs = QStringLiteral("run/inputs");

QString keyOf(const QString& script) { return QFileInfo(script).absoluteFilePath(); }

} // namespace

double runTimeout() { return QSettings().value(kTimeout, kDefaultRunTimeout).toDouble(); }

void setRunTimeout(double seconds) { QSettings().setValue(kTimeout, seconds); }

QString programInput(const QString& script) {
    return QSettings().value(kInputs).toMap().value(keyOf(script)).toString();
}

void setProgramInput(const QString& script, const QString& text) {
    QSettings s;
    QVariantMap inputs = s.value(kInputs).toMap();
    if (text.isEmpty())
        inputs.remove(keyOf(script));
    else
        inputs.insert(keyOf(script), text);
    s.setValue(kInputs, inputs);
}

} // namespace arenascope::app
