// Runs a program (.py) on the real interpreter for the window: records it
// line by line (steps and source lines) into the cache with the chosen
// interpreter, standard input and time-out, and hands back the recording,
// which the window opens through the one door like any other.
#pragma once

#include "app/gui/interpreters.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace arenascope::app {

class RecordJob;

struct ProgramRun {
    QString script;
    Interpreter interpreter;  // Build or Path (the model runs no recorder)
    QString input;            // standard input; empty: end of file at once
    double timeoutSeconds = 0;  // 0: no limit
};

class ProgramRunner : public QObject {
    Q_OBJECT
public:
    explicit ProgramRunner(QObject* parent = nullptr);
    ~ProgramRunner() override;  // stops a run; removes its files

    // Starts a run; one still running is cancelled (only the newest delivers).
    void run(const ProgramRun& run);
    void cancel();
    bool busy() const;

signals:
    void note(QString text);
    // The program ran to its end, whatever its exit status: `recording` to
    // open; `output`, all it wrote (standard output and error).
    void recorded(QString script, QString recording, int status, QString output);
    // No recording: why (the script, the interpreter, the recorder).
    void failed(QString script, QString message);
    void cancelled(QString script);

private:
    void finished(int status, const QString& error);
    void removeFiles(QStringList& files);

    RecordJob* job_;
    QString script_, recording_, outputFile_;
    QStringList current_;  // this run's files
    QStringList previous_; // the last recording's, kept until the next one
};

} // namespace arenascope::app
