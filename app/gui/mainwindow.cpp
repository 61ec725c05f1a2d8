// MainWindow: wiring of views, actions, settings and background loading.
#include "app/gui/mainwindow.h"
#include "app/gui/language.h"
#include "app/gui/exportdialog.h"
#include "app/gui/outputpanel.h"
#include "app/gui/programrunner.h"
#include "app/gui/recorddialog.h"
#include "app/gui/scenariopanel.h"
#include "app/gui/scenariotitles.h"
#include "app/gui/sourcepanel.h"
#include "app/gui/stepcontrols.h"
#include "app/gui/traceloader.h"

#include "views/chartsview.h"
#include "views/eventlogmodel.h"
#include "views/gcview.h"
#include "views/heapview.h"
#include "views/inspector.h"
#include "views/poolview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace arenascope::app {
namespace {

// "Python 3.11.7", from a recording's "# python 3.11.7 (main, ...)" line.
QString pythonOf(const LoadedTrace& t) {
    static const QRegularExpression version(QStringLiteral("\\d+\\.\\d+(\\.\\d+)?"));
    const QRegularExpressionMatch m = version.match(QString::fromStdString(t.store->pythonComment));
    return m.hasMatch() ? QStringLiteral("Python %1").arg(m.captured()) : QStringLiteral("Python");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), session_(new views::Session(this)), loader_(new TraceLoader(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    heapView_ = new views::HeapView(session_, this);
    poolView_ = new views::PoolView(session_, this);
    inspector_ = new views::Inspector(session_, this);
    charts_ = new views::ChartsView(session_, this);
    controls_ = new StepControls(session_, this);
    scenarioPanel_ = new ScenarioPanel(session_, this);
    source_ = new SourcePanel(session_, this);
    output_ = new OutputPanel(session_, this);
    runner_ = new ProgramRunner(this);
    interpreter_ = chosenInterpreter();

    auto* central = new QWidget(this);
    auto* lay = new QVBoxLayout(central);
    lay->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, central);
    split->setObjectName(QStringLiteral("centralSplitter"));
    split->addWidget(heapView_);
    split->addWidget(poolView_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    lay->addWidget(split, 1);
    lay->addWidget(controls_);
    setCentralWidget(central);

    statusProfile_ = new QLabel(this);
    statusBar()->addPermanentWidget(statusProfile_);
    statusInterpreter_ = new QLabel(this);
    statusInterpreter_->setObjectName(QStringLiteral("statusInterpreter"));
    statusBar()->addPermanentWidget(statusInterpreter_);

    buildDocks();
    buildActions();

    connect(loader_, &TraceLoader::progress, this, [this](int pct) {
        if (progress_)
            progress_->setValue(pct);
    });
    connect(loader_, &TraceLoader::loaded, this, [this](std::shared_ptr<const LoadedInput> in, QString path) {
        scenarioProfile_ = in->hasProgram() ? pendingProfile_ : QString();
        adoptInput(std::move(in), path);
    });
    connect(loader_, &TraceLoader::failed, this, [this](QString msg) {
        delete progress_;
        progress_ = nullptr;
        statusBar()->showMessage(tr("Could not open the trace: %1").arg(msg), 10000);
        reportFailure(tr("Could not open the trace"), msg);
    });
    connect(loader_, &TraceLoader::cancelled, this, [this] {
        delete progress_;
        progress_ = nullptr;
        statusBar()->showMessage(tr("Loading cancelled; the previous trace stays open."), 5000);
    });
    connect(session_, &views::Session::stepChanged, this, &MainWindow::syncLogToStep);
    connect(runner_, &ProgramRunner::recorded, this, &MainWindow::programRecorded);
    connect(runner_, &ProgramRunner::note, this, [this](const QString& note) {
        statusBar()->showMessage(note);
        if (runProgress_)
            runProgress_->setLabelText(note);
    });
    connect(runner_, &ProgramRunner::failed, this, [this](const QString& script, const QString& msg) {
        delete runProgress_;
        runProgress_ = nullptr;
        statusBar()->showMessage(tr("Could not run %1: %2").arg(QFileInfo(script).fileName(), msg), 10000);
        reportFailure(tr("Could not run the program"), msg);
    });
    connect(runner_, &ProgramRunner::cancelled, this, [this] {
        delete runProgress_;
        runProgress_ = nullptr;
        statusBar()->showMessage(tr("Run cancelled; the previous input stays open."), 5000);
    });

    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    split->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    controls_->setSpeed(s.value(QStringLiteral("play/speed"), 20).toInt());
    applyTheme(s.value(QStringLiteral("view/dark"), false).toBool());
    if (!s.contains(QStringLiteral("window/geometry")))
        resize(1280, 860);
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::reportFailure(const QString& title, const QString& message) {
    lastError_ = message;
    if (interactive_)
        QMessageBox::critical(this, title, tr("%1\n\nThe previously open trace stays open.").arg(message));
    emit loadFailed(message);
}

void MainWindow::adoptInput(std::shared_ptr<const LoadedInput> in, const QString& path) {
    delete progress_;
    progress_ = nullptr;
    currentPath_ = path;
    const QString example = QStringLiteral("example:");
    inputName_ = path.startsWith(tr("demo:"))
                     ? tr("%1.trace.gz (built-in demo)").arg(path.mid(tr("demo:").size()))
                 : path.startsWith(example) ? tr("%1.py (built-in scenario)").arg(path.mid(example.size()))
                                            : QFileInfo(path).fileName();
    currentOnModel_ = pendingOnModel_;
    session_->setInput(std::move(in));
    logModel_->setTrace(session_->trace());
    if (!path.startsWith(QLatin1Char(':')) && !path.startsWith(tr("demo:")) && !path.startsWith(example))
        addRecent(path);
    // A program's file, when there is one: what Run again saves and runs.
    const bool programFile = isProgramPath(path.toStdString()) && QFileInfo(path).isFile();
    source_->showSource(programFile ? path : QString());
    output_->setWholeOutput(path == runScript_ ? runOutput_ : QString());
    runScript_.clear();
    runOutput_.clear();
    if (path == keepStepOf_ && session_->hasProgram())
        session_->seekStep(std::min(keepStep_, session_->input()->stepCount()));
    keepStepOf_.clear();
    showProgramDocks(session_->hasProgram(), session_->hasProgram() || programFile);
    updateTitle();
    heapView_->fitToWindow();
    emit traceLoaded();
}

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    dock(tr("Inspector"), QStringLiteral("inspectorDock"), inspector_, Qt::RightDockWidgetArea);

    auto* logPanel = new QWidget(this);
    auto* ll = new QVBoxLayout(logPanel);
    ll->setContentsMargins(2, 2, 2, 2);
    logFilter_ = new QLineEdit(logPanel);
    logFilter_->setPlaceholderText(tr("Filter: e.g. free, obj, 0x7f2c, arena_alloc"));
    logFilter_->setClearButtonEnabled(true);
    logModel_ = new views::EventLogModel(this);
    logView_ = new QTableView(logPanel);
    logView_->setObjectName(QStringLiteral("eventLog"));
    logView_->setModel(logModel_);
    logView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    logView_->setSelectionMode(QAbstractItemView::SingleSelection);
    logView_->verticalHeader()->hide();
    logView_->verticalHeader()->setDefaultSectionSize(20);
    logView_->horizontalHeader()->setStretchLastSection(true);
    logView_->horizontalHeader()->resizeSection(views::EventLogModel::Pointer, 150);
    logView_->horizontalHeader()->resizeSection(views::EventLogModel::OldPointer, 150);
    logView_->setFont(QFont(QStringLiteral("DejaVu Sans Mono"), 9));
    ll->addWidget(logFilter_);
    ll->addWidget(logView_);
    connect(logFilter_, &QLineEdit::textChanged, logModel_, &views::EventLogModel::setFilter);
    connect(logView_, &QTableView::activated, this, [this](const QModelIndex& i) {
        session_->seek(logModel_->eventAt(i.row()) + 1);
    });
    connect(logView_, &QTableView::clicked, this, [this](const QModelIndex& i) {
        session_->seek(logModel_->eventAt(i.row()) + 1);
    });
    QDockWidget* log = dock(tr("Event log"), QStringLiteral("eventLogDock"), logPanel, Qt::BottomDockWidgetArea);
    QDockWidget* charts = dock(tr("Charts"), QStringLiteral("chartsDock"), charts_, Qt::BottomDockWidgetArea);
    tabifyDockWidget(log, charts);
    // The program's column, on the left: its source, the step, its output.
    sourceDock_ = dock(tr("Source"), QStringLiteral("sourceDock"), source_, Qt::LeftDockWidgetArea);
    scenarioDock_ = dock(tr("Scenario"), QStringLiteral("scenarioDock"), scenarioPanel_, Qt::LeftDockWidgetArea);
    outputDock_ = dock(tr("Output"), QStringLiteral("outputDock"), output_, Qt::LeftDockWidgetArea);
    splitDockWidget(sourceDock_, scenarioDock_, Qt::Vertical);
    splitDockWidget(scenarioDock_, outputDock_, Qt::Vertical);
    gcDock_ = dock(tr("Collector"), QStringLiteral("gcDock"), scenarioPanel_->gcView(), Qt::BottomDockWidgetArea);
    tabifyDockWidget(charts, gcDock_);
    for (QDockWidget* d : {sourceDock_, scenarioDock_, outputDock_, gcDock_})
        d->hide();
    // The Source dock shows the source: the Scenario dock's copy only
    // without it.
    connect(sourceDock_, &QDockWidget::visibilityChanged, this,
            [this] { scenarioPanel_->setSourceShown(sourceDock_->isHidden()); });
    log->raise();  // tabifying the collector made the charts the current tab
}

void MainWindow::syncLogToStep() {
    if (!session_->hasTrace() || session_->step() == 0) {
        logView_->clearSelection();
        return;
    }
    const int row = logModel_->rowOfEvent(session_->step() - 1);
    if (row < 0)
        return;
    const QSignalBlocker b(logView_);
    logView_->selectRow(row);
    logView_->scrollTo(logModel_->index(row, 0));
}

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open trace or scenario..."), this, [this] {
        QSettings s;
        const QString dir = s.value(QStringLiteral("files/lastDir"), QDir::homePath()).toString();
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a pymalloc trace or a scenario"), dir,
            tr("Traces and scenarios (*.trace *.trace.gz *.gz *.txt *.py);;Traces (*.trace *.trace.gz *.gz "
               "*.txt);;Scenarios (*.py);;All files (*)"));
        if (!path.isEmpty()) {
            s.setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
            openFile(path);
        }
    });
    open->setShortcut(QKeySequence::Open);
    QMenu* examples = file->addMenu(tr("Open &example"));
    examples->addAction(tr("Start-up and a list comprehension (Python 3.11)"), this,
                        [this] { openDemo(QStringLiteral("startup_listcomp")); });
    examples->addAction(tr("Dictionary churn (Python 3.11)"), this,
                        [this] { openDemo(QStringLiteral("dict_churn")); });
    QMenu* scenarios = examples->addMenu(tr("&Scenarios"));
    scenarios->setObjectName(QStringLiteral("scenarioExamples"));
    for (const QString& file : QDir(QStringLiteral(":/scenarios")).entryList({QStringLiteral("*.py")})) {
        // Each scenario's first line says what it teaches: "# Lesson: ...".
        QFile f(QStringLiteral(":/scenarios/") + file);
        const QString name = QFileInfo(file).completeBaseName();
        const QString lesson =
            scenarioTitle(name, f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readLine()) : QString());
        scenarios->addAction(lesson.isEmpty() ? name : tr("%1 (%2)").arg(lesson, name), this,
                             [this, name] { openScenarioExample(name); });
    }
    recentMenu_ = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addAction(tr("Choose &profile..."), this, &MainWindow::chooseProfile);
    file->addAction(tr("&Record script..."), this, &MainWindow::showRecordDialog);
    QAction* save = file->addAction(tr("&Save source"), this, &MainWindow::saveSource);
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* exportAction = file->addAction(tr("&Export view..."), this, &MainWindow::exportView);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* copy = edit->addAction(tr("&Copy view as image"), this, &MainWindow::copyView);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

    buildRunMenu();

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    auto act = [&](QMenu* m, const QString& text, const QKeySequence& key, auto fn) {
        QAction* a = m->addAction(text, this, fn);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        return a;
    };
    act(go, tr("Play / pause"), QKeySequence(Qt::Key_Space), [this] { controls_->togglePlay(); });
    act(go, tr("Step forward"), QKeySequence(Qt::Key_Right), [this] { session_->forward(); });
    act(go, tr("Step back"), QKeySequence(Qt::Key_Left), [this] { session_->back(); });
    act(go, tr("Step forward by kind"), QKeySequence(Qt::SHIFT | Qt::Key_Right),
        [this] { controls_->stepKindForward(); });
    act(go, tr("Step back by kind"), QKeySequence(Qt::SHIFT | Qt::Key_Left),
        [this] { controls_->stepKindBack(); });
    act(go, tr("Next scenario operation"), QKeySequence(Qt::CTRL | Qt::Key_Right),
        [this] { scenarioPanel_->next(); });
    act(go, tr("Previous scenario operation"), QKeySequence(Qt::CTRL | Qt::Key_Left),
        [this] { scenarioPanel_->previous(); });
    act(go, tr("To start"), QKeySequence(Qt::Key_Home), [this] { session_->seek(0); });
    act(go, tr("To end"), QKeySequence(Qt::Key_End), [this] { session_->seek(session_->stepCount()); });
    act(go, tr("Go to step..."), QKeySequence(Qt::CTRL | Qt::Key_G), [this] { goToStep(); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    act(view, tr("Zoom in"), QKeySequence::ZoomIn, [this] { heapView_->zoomIn(); });
    act(view, tr("Zoom out"), QKeySequence::ZoomOut, [this] { heapView_->zoomOut(); });
    act(view, tr("Fit to window"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { heapView_->fitToWindow(); });
    QAction* dark = view->addAction(tr("Dark theme"));
    dark->setCheckable(true);
    dark->setChecked(dark_);
    connect(dark, &QAction::toggled, this, &MainWindow::applyTheme);
    addLanguageMenu(view, [this](const QString& message) {
        statusBar()->showMessage(message, 10000);
        if (interactive_)
            QMessageBox::information(this, tr("Language"), message);
    });
    view->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Arenascope"), this, [this] {
        QMessageBox::about(this, tr("About Arenascope"),
                           tr("<b>Arenascope</b> shows how CPython's pymalloc manages memory: "
                              "an arena is a table top, its pools are the books on it, and a "
                              "pool's blocks are the pages of its book."));
    });
}

void MainWindow::exportView() {
    if (!session_->hasTrace())
        return;
    ExportDialog dialog(*session_, inputName_, this, scenarioPicture());
    dialog.exec();
}

void MainWindow::copyView() {
    if (!session_->hasTrace())
        return;
    // The picture the export dialog would make with its remembered choices.
    ExportDialog(*session_, inputName_, this, scenarioPicture()).copyToClipboard();
    statusBar()->showMessage(tr("The view is on the clipboard as an image."), 4000);
}

std::shared_ptr<const views::ScenarioPicture> MainWindow::scenarioPicture() const {
    std::shared_ptr<const views::ScenarioPicture> p = scenarioPanel_->picture();
    if (!p)
        return p;
    auto withReason = std::make_shared<views::ScenarioPicture>(*p);
    withReason->profileReason = profileReason();
    return withReason;
}

void MainWindow::goToStep() {
    if (!session_->hasTrace())
        return;
    bool ok = false;
    const int step = QInputDialog::getInt(this, tr("Go to step"),
                                          tr("Step (0 to %1):").arg(session_->stepCount()),
                                          int(session_->step()), 0,
                                          int(std::min<size_t>(session_->stepCount(), INT32_MAX)), 1, &ok);
    if (ok)
        session_->seek(qulonglong(step));
}

void MainWindow::chooseProfile() {
    QStringList names{tr("From the trace's # python line")};
    for (const Profile& p : allProfiles())
        names << QString::fromStdString(p.name);
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Profile"),
                                                 tr("CPython version profile for this trace:"),
                                                 names, 0, false, &ok);
    if (!ok || currentPath_.isEmpty() || currentPath_.startsWith(tr("demo:")))
        return;
    const QString profile = choice == names.front() ? QString() : choice;
    const QString example = QStringLiteral("example:");
    if (currentPath_.startsWith(example))
        openScenarioExample(currentPath_.mid(example.size()), profile);
    else
        openFile(currentPath_, profile);
}

void MainWindow::openFile(const QString& path, const QString& profile) {
    if (isProgramPath(path.toStdString())) {
        openProgram(path, profile, !profile.isEmpty() || interpreter_.kind == Interpreter::Kind::Model);
        return;
    }
    pendingPath_ = path;
    pendingOnModel_ = false;
    showLoadProgress(path);
    startLoad(path, path, profile);
}

void MainWindow::showLoadProgress(const QString& path) {
    if (!interactive_)
        return;
    delete progress_;
    progress_ = new QProgressDialog(tr("Loading %1...").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 100, this);
    progress_->setWindowModality(Qt::WindowModal);
    progress_->setMinimumDuration(300);
    connect(progress_, &QProgressDialog::canceled, loader_, &TraceLoader::cancel);
}

QString MainWindow::copyResourceToCache(const QString& resource, const QString& fileName) {
    // Resources are not files: the loaders read a copy in the cache.
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QDir().mkpath(cache);
    const QString target = cache + QLatin1Char('/') + fileName;
    QFile::remove(target);
    QFile::copy(resource, target);
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return target;
}

RecordDialog* MainWindow::showRecordDialog() {
    auto* dialog = new RecordDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setInteractive(interactive_);
    connect(dialog, &RecordDialog::recorded, this, [this](const QString& path) { openFile(path); });
    dialog->open();
    return dialog;
}

void MainWindow::openDemo(const QString& name) {
    const QString file = name + QStringLiteral(".trace.gz");
    pendingPath_ = copyResourceToCache(QStringLiteral(":/demo/") + file, file);
    pendingOnModel_ = false;
    startLoad(pendingPath_, tr("demo:%1").arg(name), QString());
}

void MainWindow::openScenarioExample(const QString& name, const QString& profile) {
    const QString file = name + QStringLiteral(".py");
    pendingPath_ = copyResourceToCache(QStringLiteral(":/scenarios/") + file, file);
    pendingOnModel_ = true;
    startLoad(pendingPath_, QStringLiteral("example:") + name, profile);
}

void MainWindow::startLoad(const QString& path, const QString& displayName, const QString& profile) {
    pendingProfile_ = profile;  // only the newest request delivers: it is this one's
    loader_->load(path, displayName, profile);
}

QString MainWindow::profileReason() const {
    // The model words a scenario's reason in English: say it here instead.
    // A recording's ("# python 3.11.7") needs no words.
    const std::string& reason = session_->trace()->profileReason;
    if (reason.rfind("scenario, ", 0) == 0)
        return scenarioProfile_.isEmpty() ? tr("scenario, default profile")
                                          : tr("scenario, --profile %1").arg(scenarioProfile_);
    return QString::fromStdString(reason);
}

void MainWindow::applyTheme(bool dark) {
    dark_ = dark;
    const views::Theme t = views::Theme::make(dark ? views::ThemeKind::Dark : views::ThemeKind::Light);
    heapView_->setTheme(t);
    poolView_->setTheme(t);
    charts_->setTheme(t);
    scenarioPanel_->setTheme(t);
    QSettings().setValue(QStringLiteral("view/dark"), dark);
}

void MainWindow::addRecent(const QString& path) {
    QSettings s;
    QStringList recent = s.value(QStringLiteral("files/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    s.setValue(QStringLiteral("files/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString& p : recent)
        recentMenu_->addAction(p, this, [this, p] { openFile(p); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::updateTitle() {
    if (!session_->hasTrace()) {
        setWindowTitle(tr("Arenascope"));
        statusProfile_->clear();
        return;
    }
    const LoadedTrace& t = *session_->trace();
    // A program says what ran it: the model, or which Python.
    const QString name = QFileInfo(currentPath_).fileName();
    if (!isProgramPath(currentPath_.toStdString()))
        setWindowTitle(tr("%1 - Arenascope").arg(name));
    else if (currentOnModel_)
        setWindowTitle(tr("%1 (built-in model) - Arenascope").arg(name));
    else
        setWindowTitle(tr("%1 (%2) - Arenascope").arg(name, pythonOf(t)));
    statusProfile_->setText(tr("profile %1 (%2)  |  %L3 events, %L4 predicted, %L5 mismatches")
                                .arg(QString::fromStdString(t.profile.name), profileReason())
                                .arg(t.store->size())
                                .arg(t.predicted)
                                .arg(t.mismatchCount));
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    if (auto* split = findChild<QSplitter*>(QStringLiteral("centralSplitter")))
        s.setValue(QStringLiteral("window/splitter"), split->saveState());
    s.setValue(QStringLiteral("play/speed"), controls_->speed());
    loader_->cancel();
    runner_->cancel();
    e->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        openFile(urls.front().toLocalFile());
}

} // namespace arenascope::app
