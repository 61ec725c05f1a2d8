// Interpreters: found by name (python3.X) and by pyenv's layout, without
// running any of them; the recorder asks the chosen one about itself when
// it runs (and says so if it is no CPython it can record).
#include "app/gui/interpreters.h"

#include "recorder/hostbuild.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace arenascope::app {
namespace {

const QString kSetting = QStringLiteral("run/interpreter");
constexpr int kOldestMinor = 8;   // 3.8
constexpr int kNewestMinor = 15;  // 3.15

QString tr(const char* text) { return QCoreApplication::translate("arenascope::app", text); }

// "3.11.7" or "python3.11" -> 11; -1 when it names no Python 3.
int minorOf(const QString& name) {
    static const QRegularExpression re(QStringLiteral("3\\.(\\d+)"));
    const QRegularExpressionMatch m = re.match(name);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

std::optional<std::string> Interpreter::python() const {
    if (kind == Kind::Path)
        return path.toStdString();
    return std::nullopt;
}

QString Interpreter::label() const {
    switch (kind) {
    case Kind::Model:
        return tr("Built-in model (no interpreter)");
    case Kind::Build: {
        const QString built = QString::fromStdString(recorder::builtHost().python);
        return built.isEmpty() ? tr("The Python this build was made with")
                               : tr("%1 (the one Arenascope was built with)").arg(built);
    }
    case Kind::Path:
        break;
    }
    return QDir::toNativeSeparators(path);
}

QString Interpreter::shortLabel() const {
    if (kind == Kind::Model)
        return tr("built-in model");
    const QString exe = kind == Kind::Build ? QString::fromStdString(recorder::builtHost().python) : path;
    static const QRegularExpression version(QStringLiteral("3\\.\\d+(\\.\\d+)?"));
    const QRegularExpressionMatch m = version.match(exe);
    return m.hasMatch() ? QStringLiteral("Python %1").arg(m.captured()) : QFileInfo(exe).fileName();
}

QString Interpreter::key() const {
    return kind == Kind::Build ? QStringLiteral("build") : kind == Kind::Model ? QStringLiteral("model") : path;
}

Interpreter Interpreter::fromKey(const QString& key) {
    if (key.isEmpty() || key == QLatin1String("build"))
        return build();
    if (key == QLatin1String("model"))
        return model();
    return atPath(key);
}

bool haveBuiltRecorder() { return !recorder::builtHost().path.empty(); }

QList<Interpreter> installedInterpreters() {
    QList<Interpreter> out;
    if (haveBuiltRecorder())
        out << Interpreter::build();
    QSet<QString> seen;  // canonical paths
    QList<QPair<int, QString>> found;  // (minor, path)
    auto add = [&](const QString& exe, int minor) {
        const QString canonical = QFileInfo(exe).canonicalFilePath();
        if (minor < kOldestMinor || canonical.isEmpty() || seen.contains(canonical))
            return;
        seen.insert(canonical);
        found.append({minor, exe});
    };
    for (int minor = kNewestMinor; minor >= kOldestMinor; --minor) {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("python3.%1").arg(minor));
        if (!exe.isEmpty() && !exe.contains(QLatin1String("/.pyenv/shims/")))
            add(exe, minor);
    }
    const QDir versions(QDir::homePath() + QStringLiteral("/.pyenv/versions"));
    for (const QString& v : versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString exe = versions.filePath(v + QStringLiteral("/bin/python3"));
        if (QFileInfo(exe).isExecutable())
            add(exe, minorOf(v));
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& f : found)
        out << Interpreter::atPath(f.second);
    return out;
}

Interpreter chosenInterpreter() {
    const Interpreter i = Interpreter::fromKey(QSettings().value(kSetting).toString());
    if (i.kind == Interpreter::Kind::Build && !haveBuiltRecorder())
        return Interpreter::model();
    return i;
}

void setChosenInterpreter(const Interpreter& i) { QSettings().setValue(kSetting, i.key()); }

} // namespace arenascope::app
