// arenascope: the window. `arenascope [TRACE]`; with no argument it opens the
// built-in demo.
#include "app/gui/mainwindow.h"

#include "views/session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Arenascope"));
    QApplication::setApplicationName(QStringLiteral("arenascope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("See how CPython manages memory."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("CPython profile (e.g. 3.11)"),
                               QStringLiteral("V"));
    parser.addOption(profile);
    // For the README's screenshots and for checking what a person sees.
    QCommandLineOption shot(QStringLiteral("screenshot"),
                            QStringLiteral("Save a picture of the window to FILE and quit"),
                            QStringLiteral("FILE"));
    QCommandLineOption step(QStringLiteral("step"), QStringLiteral("Go to STEP once loaded"),
                            QStringLiteral("STEP"));
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Select the pool and block at ADDRESS once loaded"),
                              QStringLiteral("ADDRESS"));
    parser.addOption(shot);
    parser.addOption(step);
    parser.addOption(select);
    parser.addPositionalArgument(QStringLiteral("TRACE"), QStringLiteral("A trace to open"));
    parser.process(app);

    arenascope::app::MainWindow w;
    if (parser.isSet(shot))
        w.setInteractive(false);
    QObject::connect(&w, &arenascope::app::MainWindow::traceLoaded, &w, [&] {
        if (parser.isSet(step))
            w.session()->seek(parser.value(step).toULongLong());
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
