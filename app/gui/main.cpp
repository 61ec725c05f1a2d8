// arenascope: the window. `arenascope [INPUT]`, a recording or a program (.py, run on the real interpreter);
// with no argument it opens the built-in demo.
#include "app/gui/language.h"
#include "app/gui/mainwindow.h"
#include "app/gui/scenariopanel.h"

#include "views/session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

namespace {
// --lang is read before the parser, so that the parser's help is translated too.
QString langArgument(const QStringList& args) {
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size())
            return args[i + 1];
        if (args[i].startsWith(QLatin1String("--lang=")))
            return args[i].mid(7);
    }
    return {};
}
} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Arenascope"));
    QApplication::setApplicationName(QStringLiteral("arenascope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1"));
    const QString lang = langArgument(app.arguments());
    if (!lang.isEmpty() && !arenascope::app::shippedLanguages().contains(lang)) {
        std::fprintf(stderr, "arenascope: --lang %s: expected one of %s\n", qPrintable(lang),
                     qPrintable(arenascope::app::shippedLanguages().join(QLatin1String(", "))));
        return 2;
    }
    arenascope::app::installTranslators(lang);
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "See how CPython manages memory."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption profile(QStringLiteral("profile"), QCoreApplication::translate("main", "CPython profile (e.g. 3.11)"),
                               QStringLiteral("V"));
    parser.addOption(profile);
    QCommandLineOption langOption(
        QStringLiteral("lang"),
        QCoreApplication::translate("main", "Language of the window: en or pt_BR (default: View > Language, "
                                            "else the system's)"),
        QStringLiteral("LANG"));
    parser.addOption(langOption);
    // For the README's screenshots and for checking what a person sees.
    QCommandLineOption shot(QStringLiteral("screenshot"),
                            QCoreApplication::translate("main", "Save a picture of the window to FILE and quit"),
                            QStringLiteral("FILE"));
    QCommandLineOption step(QStringLiteral("step"),
                            QCoreApplication::translate("main", "Go to STEP once loaded (for a scenario: its "
                                                                "STEP-th operation)"),
                            QStringLiteral("STEP"));
    QCommandLineOption select(QStringLiteral("select"),
                              QCoreApplication::translate("main", "Select the pool and block at ADDRESS once loaded"),
                              QStringLiteral("ADDRESS"));
    parser.addOption(shot);
    parser.addOption(step);
    parser.addOption(select);
    parser.addPositionalArgument(QStringLiteral("INPUT"),
                                 QCoreApplication::translate("main", "A trace, or a scenario (.py), to open"));
    parser.process(app);

    arenascope::app::MainWindow w;
    if (parser.isSet(shot))
        w.setInteractive(false);
    QObject::connect(&w, &arenascope::app::MainWindow::traceLoaded, &w, [&] {
        // Steps as users count them (a program's operations, else events),
        // as for arenascope-cli export.
        if (parser.isSet(step))
            w.session()->seekStep(parser.value(step).toULongLong());
        if (parser.isSet(select))
            w.session()->selectAddress(parser.value(select).toULongLong(nullptr, 0));
        if (parser.isSet(shot))
            QTimer::singleShot(700, &w, [&] {
                const bool ok = w.grab().save(parser.value(shot));
                std::fprintf(stderr, ok ? "saved %s\n" : "could not save %s\n",
                             qPrintable(parser.value(shot)));
                QApplication::exit(ok ? 0 : 1);
            });
    });
    QObject::connect(&w, &arenascope::app::MainWindow::loadFailed, &w, [&](const QString& msg) {
        if (parser.isSet(shot)) {
            std::fprintf(stderr, "arenascope: %s\n", qPrintable(msg));
            QApplication::exit(2);
        }
    });
    w.show();
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        w.openDemo(QStringLiteral("startup_listcomp"));
    else
        w.openFile(args.front(), parser.value(profile));
    return app.exec();
}
