// ProgramRunner: files under the cache's runs/ folder, one set per run
// (recording, its .stats, the program's output and input); a recording is
// kept until the next one is made, so a reload of it can still read it.
#include "app/gui/programrunner.h"
#include "app/gui/recordjob.h"

#include "recorder/recorder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace arenascope::app {
namespace {

constexpr qint64 kMaxOutput = qint64(4) << 20;  // what the Output dock shows at most

QString runsFolder() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/runs");
    QDir().mkpath(dir);
    return dir;
}

QString readUpTo(const QString& path, qint64 bytes) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.read(bytes)) : QString();
}

} // namespace

ProgramRunner::ProgramRunner(QObject* parent) : QObject(parent), job_(new RecordJob(this)) {
    connect(job_, &RecordJob::note, this, &ProgramRunner::note);
    connect(job_, &RecordJob::finished, this, &ProgramRunner::finished);
    connect(job_, &RecordJob::cancelled, this, [this] {
        removeFiles(current_);
        emit cancelled(script_);
    });
}

ProgramRunner::~ProgramRunner() {
    delete job_;  // waits for the recording: then its files can go
    removeFiles(current_);
    removeFiles(previous_);
}

bool ProgramRunner::busy() const { return job_->busy(); }

void ProgramRunner::cancel() { job_->cancel(); }

void ProgramRunner::removeFiles(QStringList& files) {
    for (const QString& f : files)
        QFile::remove(f);
    files.clear();
}

void ProgramRunner::run(const ProgramRun& r) {
    if (job_->busy()) {
        job_->cancel();  // start() waits for it; its files go here
        removeFiles(current_);
    }
    static int runs = 0;
    const QString base = QDir(runsFolder()).filePath(QStringLiteral("%1-%2-%3")
                                                         .arg(QFileInfo(r.script).completeBaseName())
                                                         .arg(QCoreApplication::applicationPid())
                                                         .arg(++runs));
    script_ = r.script;
    recording_ = base + QStringLiteral(".trace.gz");
    outputFile_ = base + QStringLiteral(".out");
    current_ = {recording_, QString::fromStdString(recorder::statsPathFor(recording_.toStdString())), outputFile_};

    recorder::RecordOptions o;
    o.script = r.script.toStdString();
    o.out = recording_.toStdString();
    o.python = r.interpreter.python();
    o.steps = o.sourceLines = true;
    o.outputFile = outputFile_.toStdString();
    o.timeoutSeconds = r.timeoutSeconds;
    // Without input the program reads end of file, rather than wait for a
    // terminal the window does not have.
    o.inputFile = "/dev/null";
    if (!r.input.isEmpty()) {
        const QString in = base + QStringLiteral(".in");
        QFile f(in);
        if (f.open(QIODevice::WriteOnly))
            f.write(r.input.toUtf8());
        current_ << in;
        o.inputFile = in.toStdString();  // the recorder names it if it cannot be read
    }
    job_->start(o);
}

void ProgramRunner::finished(int status, const QString& error) {
    if (!error.isEmpty()) {
        removeFiles(current_);
        emit failed(script_, error);
        return;
    }
    const QString output = readUpTo(outputFile_, kMaxOutput);
    removeFiles(previous_);
    current_.removeAll(recording_);
    removeFiles(current_);  // the output and input: read, or no longer needed
    previous_ = {recording_, QString::fromStdString(recorder::statsPathFor(recording_.toStdString()))};
    emit recorded(script_, recording_, status, output);
}

} // namespace arenascope::app
