// TraceLoader: std::thread plus queued signals back to the GUI thread.
#include "app/gui/traceloader.h"

#include <QMetaObject>
#include <QPointer>

namespace arenascope::app {

TraceLoader::TraceLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<const arenascope::LoadedInput>>();
}

TraceLoader::~TraceLoader() {
    cancel();
    join();
}

void TraceLoader::join() {
    if (worker_.joinable())
        worker_.join();
}

void TraceLoader::cancel() {
    if (cancel_)
        cancel_->store(true);
}

void TraceLoader::load(const QString& path, const QString& displayName, const QString& profile) {
    cancel();
    join();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    done_ = false;
    const unsigned gen = ++generation_;
    auto flag = cancel_;
    QPointer<TraceLoader> self(this);
    worker_ = std::thread([=] {
        OpenOptions o;
        if (!profile.isEmpty())
            o.profileName = profile.toStdString();
        o.read.cancel = flag.get();
        int last = -1;
        o.read.progress = [&](double f) {
            const int pct = int(f * 100);
            if (pct != last) {
                last = pct;
                QMetaObject::invokeMethod(self, [self, pct] { if (self) emit self->progress(pct); },
                                          Qt::QueuedConnection);
            }
        };
        auto deliver = [&](auto fn) {
            QMetaObject::invokeMethod(self, [self, gen, fn] {
                if (self && gen == self->generation_)
                    fn(self.data());
            }, Qt::QueuedConnection);
        };
        try {
            std::shared_ptr<const LoadedInput> in = openInput(path.toStdString(), o);
            deliver([in, displayName](TraceLoader* l) { emit l->loaded(in, displayName); });
        } catch (const Cancelled&) {
            deliver([](TraceLoader* l) { emit l->cancelled(); });
        } catch (const InputError& e) {
            QString msg = QString::fromStdString(e.what());
            if (displayName != path)
                msg.replace(path, displayName);
            deliver([msg](TraceLoader* l) { emit l->failed(msg); });
        } catch (const std::bad_alloc&) {
            deliver([path](TraceLoader* l) { emit l->failed(path + QStringLiteral(": out of memory")); });
        }
        done_ = true;
    });
}

} // namespace arenascope::app
