// Opens an input (model/session/input.h: a trace, a scenario) on a worker
// thread with progress and cancel; only the newest request may deliver.
#pragma once

#include "model/session/input.h"

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <thread>

namespace arenascope::app {

class TraceLoader : public QObject {
    Q_OBJECT
public:
    explicit TraceLoader(QObject* parent = nullptr);
    ~TraceLoader() override;
    void load(const QString& path, const QString& displayName, const QString& profile);
    void cancel();
    bool busy() const { return worker_.joinable() && !done_; }

signals:
    void progress(int percent);
    void loaded(std::shared_ptr<const arenascope::LoadedInput> input, QString path);
    void failed(QString message);
    void cancelled();

private:
    void join();
    std::thread worker_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::atomic<bool> done_{true};
    unsigned generation_ = 0;
};

} // namespace arenascope::app
