// RecordDialog: a RecordJob (recordScript on a worker thread); the script's
// output goes to a file so a failure can show its last lines.
#include "app/gui/recorddialog.h"
#include "app/gui/recordjob.h"

#include "recorder/hostbuild.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>

namespace arenascope::app {
namespace {

QString lastLines(const QString& path, int n) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    return lines.mid(std::max(0, int(lines.size()) - n)).join(QLatin1Char('\n')).trimmed();
}

} // namespace

RecordDialog::RecordDialog(QWidget* parent) : QDialog(parent), job_(new RecordJob(this)) {
    setObjectName(QStringLiteral("recordDialog"));
    setWindowTitle(tr("Record a script"));
    auto* form = new QFormLayout;
    auto withBrowse = [&](QLineEdit* edit, auto pick) {
        auto* row = new QHBoxLayout;
        auto* b = new QToolButton(this);
        b->setText(tr("Browse..."));
        connect(b, &QToolButton::clicked, this, pick);
        row->addWidget(edit, 1);
        row->addWidget(b);
        return row;
    };
    script_ = new QLineEdit(this);
    script_->setObjectName(QStringLiteral("script"));
    form->addRow(tr("Script:"), withBrowse(script_, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Python script to record"), script_->text(),
                                                       tr("Python scripts (*.py);;All files (*)"));
        if (!p.isEmpty())
            setScript(p);
    }));
    args_ = new QLineEdit(this);
    args_->setObjectName(QStringLiteral("arguments"));
    args_->setPlaceholderText(tr("as on a command line, quotes allowed"));
    form->addRow(tr("Arguments:"), args_);
    python_ = new QComboBox(this);
    python_->setObjectName(QStringLiteral("python"));
    python_->setEditable(true);
    // Named, so that it is clear which interpreter runs the script.
    const QString built = QString::fromStdString(recorder::builtHost().python);
    python_->addItem(built.isEmpty() ? tr("The Python this build was made with")
                                     : tr("%1 (the one Arenascope was built with)").arg(built),
                     QString());
    for (const char* v : {"3.13", "3.12", "3.11", "3.10", "3.9", "3.8", "3.7", "3.6"}) {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("python") + QLatin1String(v));
        if (!exe.isEmpty())
            python_->addItem(exe, exe);
    }
    python_->setToolTip(tr("Another interpreter gets the recorder compiled for it on first use"));
    form->addRow(tr("Python:"), python_);
    out_ = new QLineEdit(this);
    out_->setObjectName(QStringLiteral("trace"));
    form->addRow(tr("Save trace as:"), withBrowse(out_, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Write the trace to"), out_->text(),
                                                       tr("Traces (*.trace.gz *.trace)"));
        if (!p.isEmpty())
            out_->setText(p);
    }));
    sourceLines_ = new QCheckBox(tr("Record the source line of each allocation (slower; shown in the "
                                    "inspector)"),
                                 this);
    sourceLines_->setObjectName(QStringLiteral("sourceLines"));
    form->addRow(QString(), sourceLines_);
    steps_ = new QCheckBox(tr("Record line by line: names and objects at each line"), this);
    steps_->setToolTip(tr("At each line of your own files: the frames, their names and the objects they "
                          "reach, shown in the Scenario and Collector docks"));
    steps_->setObjectName(QStringLiteral("steps"));
    form->addRow(QString(), steps_);

    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);  // busy: a script's length is unknown
    busy_->hide();
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);
    status_->setText(tr("Runs the script under Python and records every call to its allocator. "
                        "The trace opens here when the script ends."));
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Record"));
    buttons_->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancel"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &RecordDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &RecordDialog::reject);
    auto* lay = new QVBoxLayout(this);
    lay->addLayout(form);
    lay->addWidget(busy_);
    lay->addWidget(status_);
    lay->addWidget(buttons_);
    setMinimumWidth(620);  // room for a path

    connect(job_, &RecordJob::note, this, &RecordDialog::setStatus);
    connect(job_, &RecordJob::finished, this, &RecordDialog::finished);
    connect(job_, &RecordJob::cancelled, this, [this] { finished(-1, QString()); });

    QSettings s;
    setScript(s.value(QStringLiteral("record/script")).toString());
    sourceLines_->setChecked(s.value(QStringLiteral("record/sourceLines"), false).toBool());
    steps_->setChecked(s.value(QStringLiteral("record/steps"), true).toBool());
}

RecordDialog::~RecordDialog() = default;  // the job cancels and waits

void RecordDialog::setScript(const QString& path) {
    script_->setText(path);
    if (!path.isEmpty())
        out_->setText(QFileInfo(path).absoluteDir().filePath(QFileInfo(path).completeBaseName() +
                                                             QStringLiteral(".trace.gz")));
}

QString RecordDialog::tracePath() const { return trace_; }

bool RecordDialog::options(recorder::RecordOptions* o, QString* message) const {
    if (script_->text().trimmed().isEmpty()) {
        *message = tr("Choose a script to record.");
        return false;
    }
    if (out_->text().trimmed().isEmpty()) {
        *message = tr("Choose where to write the trace.");
        return false;
    }
    o->script = script_->text().trimmed().toStdString();
    o->out = out_->text().trimmed().toStdString();
    for (const QString& a : QProcess::splitCommand(args_->text()))
        o->args.push_back(a.toStdString());
    const QString py = python_->currentIndex() == 0 && python_->currentText() == python_->itemText(0)
                           ? QString()
                           : python_->currentText().trimmed();
    if (!py.isEmpty())
        o->python = py.toStdString();
    o->steps = steps_->isChecked();
    o->sourceLines = sourceLines_->isChecked() || o->steps;  // steps name their lines
    return true;
}

void RecordDialog::setBusy(bool busy) {
    busy_->setVisible(busy);
    for (QWidget* w : {static_cast<QWidget*>(script_), static_cast<QWidget*>(args_),
                       static_cast<QWidget*>(out_), static_cast<QWidget*>(python_),
                       static_cast<QWidget*>(sourceLines_), static_cast<QWidget*>(steps_)})
        w->setEnabled(!busy);
    for (QToolButton* browse : findChildren<QToolButton*>())
        browse->setEnabled(!busy);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(!busy);
}

bool RecordDialog::busy() const { return job_->busy(); }

void RecordDialog::setStatus(const QString& text) {
    status_->setText(text);
    // A wrapped message can need more lines than the dialog has: grow to fit.
    if (isVisible() && heightForWidth(width()) > height())
        resize(width(), heightForWidth(width()));
}

void RecordDialog::fail(const QString& message) {
    lastError_ = message;
    setStatus(message);
    if (interactive_)
        QMessageBox::warning(this, tr("Recording failed"), message);
    emit stopped(message);
}

void RecordDialog::accept() {
    if (busy())
        return;  // one recording at a time
    lastError_.clear();
    recorder::RecordOptions o;
    QString message;
    if (!options(&o, &message)) {
        fail(message);
        return;
    }
    QSettings s;
    s.setValue(QStringLiteral("record/script"), script_->text());
    s.setValue(QStringLiteral("record/sourceLines"), sourceLines_->isChecked());
    s.setValue(QStringLiteral("record/steps"), steps_->isChecked());
    static int recordings = 0;  // two dialogs may record at once
    outputLog_ = QDir(QDir::tempPath()).filePath(QStringLiteral("arenascope-record-%1-%2.log")
                                                     .arg(QCoreApplication::applicationPid())
                                                     .arg(++recordings));
    o.outputFile = outputLog_.toStdString();
    recording_ = QString::fromStdString(o.out);  // the fields may change before it ends
    setBusy(true);
    setStatus(tr("Recording %1... Cancel stops the script.").arg(QFileInfo(script_->text()).fileName()));
    job_->start(o);
}

void RecordDialog::finished(int status, const QString& error) {
    setBusy(false);
    const QString output = lastLines(outputLog_, 12);
    QFile::remove(outputLog_);
    if (!error.isEmpty()) {
        fail(error);
        return;
    }
    if (status < 0) {
        lastError_ = tr("Recording cancelled: the script was stopped and no trace was kept.");
        setStatus(lastError_);
        emit stopped(lastError_);
        return;
    }
    trace_ = recording_;
    if (status != 0) {
        lastError_ = tr("The script exited with status %1. The trace holds its calls up to where "
                        "it stopped.\n\nIts last output:\n%2")
                         .arg(status)
                         .arg(output);
        if (interactive_)
            QMessageBox::information(this, tr("The script failed"), lastError_);
    }
    emit recorded(trace_);
    QDialog::accept();
}

void RecordDialog::reject() {
    if (busy()) {
        job_->cancel();
        setStatus(tr("Cancelling..."));
        return;  // finished() follows
    }
    QDialog::reject();
}

} // namespace arenascope::app
