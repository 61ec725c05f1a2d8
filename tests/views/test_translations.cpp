// Translations: the Brazilian Portuguese catalogue is embedded, complete, and
// reaches the window's menus, the inspector, the pictures' legends and the
// scenarios' texts (lesson titles, collector phases, the profile's reason).
#include "model/scenario/scenariorun.h"
#include "views/scenarioscene.h"

#include "app/gui/language.h"
#include "app/gui/mainwindow.h"
#include "app/gui/scenariotitles.h"
#include "render.h"
#include "testsupport.h"
#include "views/inspector.h"
#include "views/picture.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTest>
#include <QTextDocument>
#include <QTranslator>
#include <gtest/gtest.h>

#include <set>

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

const QString kScenarios = QStringLiteral(ARENASCOPE_SOURCE_DIR "/resources/scenarios/");

QStringList builtInScenarios() { return QDir(kScenarios).entryList({QStringLiteral("*.py")}); }

QString firstLine(const QString& file) {
    QFile f(kScenarios + file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readLine()) : QString();
}

scenario::ScenarioRun runBuiltIn(const QString& file) {
    return scenario::ScenarioRun::fromFile((kScenarios + file).toStdString(),
                                           *profileByName(scenario::kDefaultScenarioProfile));
}

TEST(Translations, ScenarioTitlesAreTheFilesLessonsAndPortuguese) {
    const QStringList files = builtInScenarios();
    ASSERT_GE(files.size(), 7);
    QStringList english;
    for (const QString& file : files) {
        const QString name = QFileInfo(file).completeBaseName();
        english << app::scenarioTitle(name, firstLine(file));
        EXPECT_EQ(english.back(), app::lessonOfComment(firstLine(file))) << "the table's English is the file's lesson";
    }
    EXPECT_EQ(app::lessonOfComment(QStringLiteral("# Lesson: a freed block is handed out again first.\n")),
              QStringLiteral("A freed block is handed out again first"));
    EXPECT_EQ(app::scenarioTitle(QStringLiteral("mine"), QStringLiteral("# my own lesson")),
              QStringLiteral("My own lesson"));
    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded());
    for (int i = 0; i < files.size(); ++i) {
        const QString title = app::scenarioTitle(QFileInfo(files[i]).completeBaseName(), firstLine(files[i]));
        EXPECT_NE(title, english[i]) << "no Portuguese title for " << files[i].toStdString();
    }
}

TEST(Translations, CollectorPhasesKeepTheModelsEnglishAndReadInPortuguese) {
    // Without a catalogue a step reads as the model wrote it, every step of
    // every built-in scenario: the GUI's sentences and the model's agree.
    for (const QString& file : builtInScenarios()) {
        const scenario::ScenarioRun run = runBuiltIn(file);
        for (size_t k = 1; k <= run.stepCount(); ++k) {
            const ProgramStep& s = run.steps()[k - 1];
            QString model = QString::fromStdString(s.text).trimmed();
            if (s.kind == ProgramStepKind::Statement && s.line > 0)
                model = QStringLiteral("line %1: %2").arg(s.line).arg(model);
            EXPECT_EQ(views::scenarioStepText(*run.program(), k), model) << file.toStdString() << " step " << k;
        }
    }
    const scenario::ScenarioRun run = runBuiltIn(QStringLiteral("reference_cycle.py"));
    std::vector<QString> english{QString()};
    std::set<GcPhase> phases;
    size_t moved = 0;
    for (size_t k = 1; k <= run.stepCount(); ++k) {
        english.push_back(views::scenarioStepText(*run.program(), k));
        phases.insert(run.steps()[k - 1].phase);
        if (run.steps()[k - 1].phase == GcPhase::MoveUnreachable)
            moved = k;  // the last collection's: it finds the cycle
    }
    ASSERT_EQ(phases.size(), 8u) << "every phase, start to done, and statements";
    ASSERT_GT(moved, 0u);
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^move_unreachable: 2 unreachable, (\\d+) reachable$")).match(english[moved]);
    ASSERT_TRUE(m.hasMatch()) << english[moved].toStdString();

    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded());
    EXPECT_EQ(views::scenarioStepText(*run.program(), moved),
              QStringLiteral("move_unreachable: 2 inalcan\u00e7\u00e1veis, %1 alcan\u00e7\u00e1veis").arg(m.captured(1)));
    for (size_t k = 1; k <= run.stepCount(); ++k) {
        const ProgramStep& s = run.steps()[k - 1];
        if (s.kind == ProgramStepKind::Statement)
            continue;  // source lines stay as written
        const QString text = views::scenarioStepText(*run.program(), k);
        EXPECT_NE(text, english[k]) << text.toStdString();
        // CPython's names stay: "update_refs:", "delete_garbage:", ...
        const QString name = QString::fromLatin1(gcPhaseName(s.phase));
        if (name.contains(QLatin1Char('_'))) {
            EXPECT_TRUE(text.startsWith(name + QLatin1Char(':'))) << text.toStdString();
        }
    }
}

TEST(Translations, ScenarioProfileReasonInThePortugueseStatusBar) {
    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded());
    app::MainWindow w;
    w.setInteractive(false);
    w.setInterpreter(app::Interpreter::model());  // a scenario's profile reason
    auto statusText = [&] {
        QStringList texts;
        for (const QLabel* l : w.statusBar()->findChildren<QLabel*>())
            texts << l->text();
        return texts.join(QLatin1Char('\n'));
    };
    for (const QString& profile : {QString(), QStringLiteral("3.12")}) {
        QSignalSpy loaded(&w, &app::MainWindow::traceLoaded);
        w.openFile(kScenarios + QStringLiteral("reference_cycle.py"), profile);
        ASSERT_TRUE(loaded.wait(20000));
        const QString expected = profile.isEmpty() ? QStringLiteral("(cen\u00e1rio, perfil padr\u00e3o)")
                                                   : QStringLiteral("(cen\u00e1rio, --profile 3.12)");
        EXPECT_TRUE(statusText().contains(expected)) << statusText().toStdString();
        EXPECT_FALSE(statusText().contains(QStringLiteral("scenario"))) << statusText().toStdString();
        // Exported pictures say it in the same words.
        views::PictureRequest request;
        request.scenario = w.scenarioPicture();
        ASSERT_TRUE(request.scenario);
        const QString caption = views::Picture(w.session()->timeline(), request).caption().join(QLatin1Char('\n'));
        EXPECT_TRUE(caption.contains(expected)) << caption.toStdString();
    }
}

TEST(Translations, TheSlidersLongTooltipWraps) {
    Language pt(QStringLiteral("pt_BR"));
    ASSERT_TRUE(pt.loaded());
    app::MainWindow w;
    auto* slider = w.findChild<QSlider*>(QStringLiteral("timelineSlider"));
    ASSERT_NE(slider, nullptr);
    const QString tip = slider->toolTip();
    QTextDocument doc;
    doc.setHtml(tip);
    EXPECT_TRUE(doc.toPlainText().startsWith(QStringLiteral("Arraste"))) << "translated";
    // QToolTip's label wraps rich text at a reading width; plain text only
    // when it is wider than the whole screen (the offscreen one is narrow,
    // so showing the tip here would prove nothing). Laid out the same way:
    QLabel asShown(tip);
    asShown.setWordWrap(Qt::mightBeRichText(tip));
    const int oneLine = asShown.fontMetrics().horizontalAdvance(doc.toPlainText());
    EXPECT_LT(asShown.sizeHint().width(), oneLine / 2) << "wrapped, not one long line";
    EXPECT_GT(asShown.sizeHint().height(), 2 * asShown.fontMetrics().height());
}

} // namespace
