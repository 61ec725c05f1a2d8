// One recording (recorder::recordScript) on a worker thread, with Cancel:
// its notes and its end come back to the GUI thread as signals. Shared by
// File > Record script and the window's Run (a .py run on the interpreter).
#pragma once

#include "recorder/recorder.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace arenascope::app {

class RecordJob : public QObject {
    Q_OBJECT
public:
    explicit RecordJob(QObject* parent = nullptr);
    ~RecordJob() override;  // cancels a recording and waits for it

    // Starts recording; a recording still running is cancelled first (and
    // says nothing more: only the newest delivers).
    void start(recorder::RecordOptions options);
    void cancel();
    bool busy() const { return busy_; }

signals:
    void note(QString text);  // what is happening (compiling a recorder, ...)
    // The script ran (status: its exit status, nonzero included), or no
    // recording was made (error: why, naming the file).
    void finished(int status, QString error);
    void cancelled();

private:
    void stop();
    std::thread worker_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    unsigned generation_ = 0;
    bool busy_ = false;
};

} // namespace arenascope::app
