// Loads a trace (or runs a scenario, a .py file, into one) on a worker
// thread with progress and cancel; only the newest request may deliver.
#pragma once

#include "model/loadedtrace.h"

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <thread>

// Not included: the scenario headers use `slots` as a name, a Qt keyword.
namespace arenascope::scenario {
struct LoadedScenario;
}

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
    void loaded(std::shared_ptr<const arenascope::LoadedTrace> trace, QString path);
    // Instead of loaded() for a scenario: its run and its trace.
    void scenarioLoaded(std::shared_ptr<const arenascope::scenario::LoadedScenario> scenario, QString path);
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
