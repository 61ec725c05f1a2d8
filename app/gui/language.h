// The user interface language: English (the source text) or a shipped
// translation (:/i18n/arenascope_LANG.qm), picked by --lang, else by the
// View > Language setting, else by the system locale.
#pragma once

#include <QString>
#include <QStringList>
#include <functional>

class QMenu;
class QWidget;

namespace arenascope::app {

// Language codes the program ships, English first: {"en", "pt_BR"}.
QStringList shippedLanguages();
// The language's own name for itself ("English", "Português (Brasil)").
QString languageName(const QString& code);
// The saved choice ("" = follow the system).
QString savedLanguage();
// Installs the translators for LANG (or, when empty, for the saved choice or
// the system locale) in the application; returns the language in use.
QString installTranslators(const QString& lang = QString());
// Adds the Language submenu to MENU. A choice is saved and takes effect at
// the next start; NOTIFY gets the message that says so.
void addLanguageMenu(QMenu* menu, const std::function<void(const QString&)>& notify);

} // namespace arenascope::app
