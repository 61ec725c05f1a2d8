// RecordJob: std::thread plus queued calls back to the GUI thread; a
// generation number drops what an older recording says after a newer starts.
#include "app/gui/recordjob.h"

#include "model/pymalloc/inputerror.h"

#include <QMetaObject>
#include <QPointer>

namespace arenascope::app {

RecordJob::RecordJob(QObject* parent) : QObject(parent) {}

RecordJob::~RecordJob() { stop(); }

void RecordJob::cancel() {
    if (cancel_)
        cancel_->store(true);
}

void RecordJob::stop() {
    cancel();
    if (worker_.joinable())
        worker_.join();
    busy_ = false;
}

void RecordJob::start(recorder::RecordOptions o) {
    stop();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    o.cancel = cancel_.get();
    busy_ = true;
    const unsigned gen = ++generation_;
    QPointer<RecordJob> self(this);
    // Every call back checks that this recording is still the newest.
    auto deliver = [self, gen](auto fn) {
        QMetaObject::invokeMethod(self, [self, gen, fn] {
            if (self && gen == self->generation_)
                fn(self.data());
        }, Qt::QueuedConnection);
    };
    o.note = [deliver](const std::string& text) {
        deliver([t = QString::fromStdString(text)](RecordJob* j) { emit j->note(t); });
    };
    worker_ = std::thread([o, flag = cancel_, deliver] {
        try {
            const int status = recorder::recordScript(o).status;
            deliver([status](RecordJob* j) {
                j->busy_ = false;
                emit j->finished(status, QString());
            });
        } catch (const Cancelled&) {
            deliver([](RecordJob* j) {
                j->busy_ = false;
                emit j->cancelled();
            });
        } catch (const std::exception& e) {  // InputError, or the system's
            deliver([error = QString::fromStdString(e.what())](RecordJob* j) {
                j->busy_ = false;
                emit j->finished(-1, error);
            });
        }
    });
}

} // namespace arenascope::app
