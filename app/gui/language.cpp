// Language: choosing and installing the translators (ours and Qt's own, for
// standard buttons and dialogs) before any window exists.
#include "app/gui/language.h"

#include <QActionGroup>
#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QTranslator>

namespace arenascope::app {

namespace {
const char* const kSettingsKey = "view/language";

// The shipped language closest to the system's: pt_BR for any Portuguese
// locale (the only Portuguese shipped), English otherwise.
QString systemLanguage() {
    for (const QString& name : QLocale::system().uiLanguages()) {
        const QString code = QLocale(name).name();
        if (shippedLanguages().contains(code))
            return code;
        if (code.startsWith(QLatin1String("pt")))
            return QStringLiteral("pt_BR");
    }
    return QStringLiteral("en");
}
} // namespace

QStringList shippedLanguages() { return {QStringLiteral("en"), QStringLiteral("pt_BR")}; }

QString languageName(const QString& code) {
    // Each in its own language, so a reader finds theirs whatever is shown.
    if (code == QLatin1String("pt_BR"))
        return QStringLiteral("Português (Brasil)");
    return QStringLiteral("English");
}

QString savedLanguage() { return QSettings().value(QLatin1String(kSettingsKey)).toString(); }

QString installTranslators(const QString& lang) {
    QString code = lang.isEmpty() ? savedLanguage() : lang;
    if (!shippedLanguages().contains(code))
        code = systemLanguage();
    if (code == QLatin1String("en"))
        return code;  // the source text
    QLocale::setDefault(QLocale(code));  // numbers as the language writes them (12.000)
    auto* ours = new QTranslator(qApp);
    if (ours->load(QStringLiteral(":/i18n/arenascope_") + code))
        QCoreApplication::installTranslator(ours);
    // Qt's own strings (OK, Cancel, Copy...), when the system has them.
    auto* qt = new QTranslator(qApp);
    if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return code;
}

void addLanguageMenu(QMenu* menu, const std::function<void(const QString&)>& notify) {
    QMenu* sub = menu->addMenu(QCoreApplication::translate("arenascope::app::Language", "&Language"));
    sub->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(sub);
    const QString saved = savedLanguage();
    auto add = [&](const QString& text, const QString& code) {
        QAction* a = sub->addAction(text);
        a->setCheckable(true);
        a->setChecked(code == saved);
        a->setData(code);
        group->addAction(a);
    };
    add(QCoreApplication::translate("arenascope::app::Language", "System language"), QString());
    for (const QString& code : shippedLanguages())
        add(languageName(code), code);
    QObject::connect(group, &QActionGroup::triggered, sub, [notify](QAction* a) {
        QSettings().setValue(QLatin1String(kSettingsKey), a->data().toString());
        notify(QCoreApplication::translate("arenascope::app::Language",
                                           "The language changes the next time Arenascope starts."));
    });
}

} // namespace arenascope::app
