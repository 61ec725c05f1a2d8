// Translations: the Brazilian Portuguese catalogue is embedded, complete, and
// reaches the window's menus, the inspector and the pictures' legends.
#include "app/gui/language.h"
#include "app/gui/mainwindow.h"
#include "render.h"
#include "testsupport.h"
#include "views/inspector.h"

#include <QCoreApplication>
#include <QFile>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTranslator>
#include <gtest/gtest.h>

using namespace arenascope;

namespace {

// Installs a shipped catalogue for the test's lifetime only, so the other
// tests in this process keep reading English.
class Language {
public:
    explicit Language(const QString& code) {
        loaded_ = translator_.load(QStringLiteral(":/i18n/arenascope_") + code);
        if (loaded_)
            QCoreApplication::installTranslator(&translator_);
    }
    ~Language() { QCoreApplication::removeTranslator(&translator_); }
    bool loaded() const { return loaded_; }

private:
    QTranslator translator_;
    bool loaded_ = false;
};

QStringList menuTitles(const QMainWindow& w) {
    QStringList out;
    for (QAction* a : w.menuBar()->actions())
        out << a->text();
    return out;
}

TEST(Translations, ShippedLanguagesAreEnglishAndBrazilianPortuguese) {
    EXPECT_EQ(app::shippedLanguages(), (QStringList{QStringLiteral("en"), QStringLiteral("pt_BR")}));
    EXPECT_EQ(app::languageName(QStringLiteral("pt_BR")), QStringLiteral("Português (Brasil)"));
}

TEST(Translations, EveryMessageOfTheCatalogueIsTranslated) {
    QFile ts(QStringLiteral(ARENASCOPE_SOURCE_DIR "/resources/translations/arenascope_pt_BR.ts"));
    ASSERT_TRUE(ts.open(QIODevice::ReadOnly)) << ts.fileName().toStdString();
    const QString text = QString::fromUtf8(ts.readAll());
    EXPECT_FALSE(text.contains(QLatin1String("type=\"unfinished\"")));
    EXPECT_FALSE(text.contains(QLatin1String("type=\"vanished\"")));
    // Plural messages carry one <numerusform> per form, each filled in.
    const auto messages = text.count(QLatin1String("<message>")) + text.count(QLatin1String("<message numerus=\"yes\">"));
    const auto translated =
        text.count(QRegularExpression(QStringLiteral("<translation>[^<]+</translation>"))) +
        text.count(QRegularExpression(QStringLiteral("<translation>\\s*(<numerusform>[^<]+</numerusform>\\s*)+</translation>")));
    EXPECT_GT(messages, 150);
    EXPECT_EQ(translated, messages);
}

TEST(Translations, MainWindowMenusInPortuguese) {
    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded()) << "no :/i18n/arenascope_pt_BR.qm in the application's resources";
    app::MainWindow w;
    const QStringList titles = menuTitles(w);
    EXPECT_TRUE(titles.contains(QStringLiteral("&Arquivo"))) << titles.join(' ').toStdString();
    EXPECT_TRUE(titles.contains(QStringLiteral("E&xibir"))) << titles.join(' ').toStdString();
    EXPECT_TRUE(titles.contains(QStringLiteral("Aj&uda"))) << titles.join(' ').toStdString();
    auto* language = w.findChild<QMenu*>(QStringLiteral("languageMenu"));
    ASSERT_NE(language, nullptr);
    EXPECT_EQ(language->title(), QStringLiteral("&Idioma"));
}

TEST(Translations, EnglishWithoutTheCatalogue) {
    app::MainWindow w;
    EXPECT_TRUE(menuTitles(w).contains(QStringLiteral("&File")));
    EXPECT_EQ(views::poolStateText(PoolState::Used), QStringLiteral("used"));
}

TEST(Translations, LegendAndStatesInPortuguese) {
    views::Session s;
    s.setTrace(loadTrace(test::fixture("startup_listcomp.trace.gz")));
    s.seek(2);
    s.selectAddress(s.lastChange().blocks[0]);
    const QImage english = test::renderHeap(s);
    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded());
    // The painters' context: the legend, the pool cover and the charts.
    EXPECT_EQ(QCoreApplication::translate("arenascope::views", "empty pool"), QStringLiteral("pool vazio"));
    EXPECT_EQ(QCoreApplication::translate("arenascope::views", "free block"), QStringLiteral("bloco livre"));
    EXPECT_EQ(views::poolStateText(PoolState::Used), QStringLiteral("em uso"));
    EXPECT_EQ(views::blockStateText(BlockState::Allocated), QStringLiteral("alocado"));
    // The legend drawn under the heap now reads differently (its longer
    // labels may wrap to a second row); the books do not.
    const QImage portuguese = test::renderHeap(s);
    ASSERT_EQ(portuguese.width(), english.width());
    ASSERT_GE(portuguese.height(), english.height());
    views::HeapLayout l;
    l.compute(s.timeline().allocator(), {1.0, test::Shot().width});
    const QRect cards(0, 0, english.width(), int(l.size().height()));
    const QRect books(l.cards()[0].shelf.toRect());  // the card's label is translated too
    const QRect legend(0, cards.bottom() + 1, english.width(), english.height() - cards.height());
    EXPECT_EQ(portuguese.copy(books), english.copy(books));
    EXPECT_NE(portuguese.copy(legend), english.copy(legend));
    // The inspector names the pool's state in the same words.
    views::Inspector inspector(&s);
    s.selectPool(kNoPool);
    s.selectAddress(s.lastChange().blocks[0]);
    const QStringList rows = inspector.rows();
    EXPECT_TRUE(rows.filter(QRegularExpression(QStringLiteral("^pool_header 0x[0-9a-f]+ \\(em uso\\)/"))).size() > 0)
        << rows.join('\n').toStdString();
}

} // namespace
