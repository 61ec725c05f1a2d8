// arenascope-view-bench: the drawing targets of docs/product.md ("Targets"):
// one frame of the heap view with 1,000 arenas, and playing at 100,000
// events a second with every view attached. Prints figures, checks nothing.
#include "app/gui/mainwindow.h"
#include "app/gui/stepcontrols.h"
#include "bench/machine.h"
#include "bench/tracegen.h"
#include "model/session/input.h"
#include "views/heapview.h"
#include "views/painters.h"
#include "views/poolview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace arenascope;

namespace {

const char* const kUsage =
    "usage: arenascope-view-bench [TRACE] [--frames N] [--seconds S] [--speeds N,N,...]\n"
    "  TRACE        a trace with about 1,000 arenas (default: generated once with\n"
    "               arenascope-gentrace --arenas 1000 into the bench data folder)\n"
    "  --frames N   frames timed per drawing case (default 50)\n"
    "  --seconds S  seconds of playing per speed (default 4)\n"
    "  --speeds L   playing speeds in events/s (default 100000,1000000)\n";

struct Options {
    std::string trace;
    int frames = 50;
    double seconds = 4;
    std::vector<int> speeds{100000, 1000000};
};

struct Stats {
    double median = 0, p95 = 0, max = 0, mean = 0;
    size_t n = 0;
};

Stats summarize(std::vector<double> v) {
    Stats s;
    s.n = v.size();
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    s.median = v[v.size() / 2];
    s.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    s.max = v.back();
    for (double x : v)
        s.mean += x / double(v.size());
    return s;
}

double msSince(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

// Processes events until `done` or the timeout; false on the timeout.
template <typename Done>
bool spinUntil(Done done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

// Times every event of one type a widget gets (Paint: its paintEvent;
// UpdateRequest on the window: a whole frame). The filter sends the event on
// through the rest of the chain itself (a scroll area paints from its own
// viewport filter), so the time covers all of its handling.
class EventTimer : public QObject {
public:
    EventTimer(QWidget* w, QEvent::Type type) : widget_(w), type_(type) {
        clock_.start();
        w->installEventFilter(this);
    }
    std::vector<double> durations, starts;  // ms; starts since construction

protected:
    bool eventFilter(QObject* o, QEvent* e) override {
        if (o != widget_ || e->type() != type_ || inside_)
            return false;
        inside_ = true;
        QElapsedTimer t;
        t.start();
        starts.push_back(msSince(clock_));
        QCoreApplication::sendEvent(o, e);
        durations.push_back(msSince(t));
        inside_ = false;
        return true;
    }

private:
    QWidget* widget_;
    QEvent::Type type_;
    QElapsedTimer clock_;
    bool inside_ = false;
};

void printStats(const char* what, const Stats& s) {
    std::printf("  %-58s median %7.2f ms  p95 %7.2f  max %7.2f  mean %7.2f  (%zu)\n", what, s.median,
                s.p95, s.max, s.mean, s.n);
}

// (a) One frame of the heap view at the end of the trace.
void frameBench(const std::shared_ptr<const LoadedTrace>& trace, const Options& o) {
    views::Session session;
    session.setTrace(trace);
    session.seek(session.stepCount());
    const Allocator& a = session.timeline().allocator();
    std::printf("\n(a) one frame of the heap view at the last step (%llu arenas mapped)\n",
                (unsigned long long)a.state().g.narenas_currently_allocated);
    views::HeapView view(&session);
    view.resize(1600, 900);
    view.show();
    spinUntil([&] { return view.isVisible(); }, 5000);
    QCoreApplication::processEvents();
    EventTimer timer(view.viewport(), QEvent::Paint);
    auto repaintCase = [&](const char* name) {
        timer.durations.clear();
        for (int i = 0; i < o.frames; ++i)
            view.viewport()->repaint();
        char label[160];
        std::snprintf(label, sizeof label, "%s, zoom %.2f, %zu cards", name, view.zoom(),
                      view.layout().cards().size());
        printStats(label, summarize(timer.durations));
    };
    view.fitToWindow();
    repaintCase("widget 1600x900, fit to window");
    view.setZoom(1.0);
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
    repaintCase("widget 1600x900, zoom 1, scrolled to the middle");

    // Every card at once, at the fit zoom: the whole picture in one image.
    view.fitToWindow();
    const views::HeapLayout& l = view.layout();
    QImage img(l.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> ms;
    views::HeapPaintOptions po;
    for (int i = 0; i < o.frames; ++i) {
        QElapsedTimer t;
        t.start();
        img.fill(po.theme.background);
        QPainter p(&img);
        views::paintHeap(p, l, a, po);
        p.end();
        ms.push_back(msSince(t));
    }
    char label[160];
    std::snprintf(label, sizeof label, "all %zu cards into one %dx%d image", l.cards().size(), img.width(),
                  img.height());
    printStats(label, summarize(ms));
}

// (b) Playing with the whole window: heap, pool, inspector, event log, charts.
void playBench(const std::string& path, const Options& o) {
    app::MainWindow w;
    w.setInteractive(false);
    bool loaded = false;
    QObject::connect(&w, &app::MainWindow::traceLoaded, [&] { loaded = true; });
    w.openFile(QString::fromStdString(path));
    if (!spinUntil([&] { return loaded; }, 600000)) {
        std::printf("(b) the window did not load %s\n", path.c_str());
        return;
    }
    w.resize(1600, 1000);
    w.show();
    spinUntil([&] { return w.isVisible(); }, 5000);
    views::Session* s = w.session();
    std::printf("\n(b) playing in the window (1600x1000: heap, pages, inspector, event log, charts)\n");
    for (int speed : o.speeds) {
        // Play the last 30% of the trace at most: the generated trace holds
        // its 1,000 arenas there (so a fast speed may end before the time).
        const size_t want = std::min(size_t(speed * o.seconds * 1.2), s->stepCount() * 3 / 10);
        const size_t start = s->stepCount() - want;
        s->seek(start);
        s->selectAddress(s->lastChange().blocks[0]);
        w.heapView()->fitToWindow();
        QCoreApplication::processEvents();
        EventTimer heap(w.heapView()->viewport(), QEvent::Paint), pool(w.poolView(), QEvent::Paint),
            frame(&w, QEvent::UpdateRequest);
        QElapsedTimer clock;
        clock.start();
        // A probe of responsiveness: how late a 50 ms timer fires.
        std::vector<double> late;
        QElapsedTimer probeClock;
        probeClock.start();
        QTimer probe;
        probe.setInterval(50);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            late.push_back(std::max(0.0, msSince(probeClock) - 50));
            probeClock.restart();
        });
        probe.start();
        w.stepControls()->setSpeed(speed);
        w.stepControls()->togglePlay();
        const auto arenas = (unsigned long long)s->timeline().allocator().state().g.narenas_currently_allocated;
        spinUntil([&] { return !w.stepControls()->playing() || clock.elapsed() > o.seconds * 1000; },
                  int(o.seconds * 1000) + 60000);
        const double wall = msSince(clock) / 1000;
        if (w.stepControls()->playing())
            w.stepControls()->togglePlay();
        probe.stop();
        const size_t played = s->step() - start;
        std::vector<double> intervals;
        for (size_t i = 1; i < heap.starts.size(); ++i)
            intervals.push_back(heap.starts[i] - heap.starts[i - 1]);
        std::printf(" speed %d events/s from step %zu (%llu arenas, fit zoom %.2f): played %zu events in "
                    "%.2f s = %.0f events/s (%.0f%% of the speed), %zu heap frames = %.1f frames/s\n",
                    speed, start, arenas, w.heapView()->zoom(), played, wall, double(played) / wall,
                    100.0 * double(played) / wall / speed, heap.durations.size(),
                    double(heap.durations.size()) / wall);
        printStats("heap view paint", summarize(heap.durations));
        printStats("pool view paint", summarize(pool.durations));
        printStats("whole window frame (all views repainted)", summarize(frame.durations));
        printStats("time between heap frames", summarize(intervals));
        printStats("lateness of a 50 ms timer (input latency)", summarize(late));
    }
}

std::string defaultTrace() {
    const std::string dir = ARENASCOPE_BENCH_DATA_DIR;
    const std::string path = dir + "/view-1000-arenas.trace";
    if (!std::filesystem::exists(path)) {
        std::filesystem::create_directories(dir);
        bench::GenOptions g;
        g.arenas = 1000;
        std::printf("generating %s (arenascope-gentrace --arenas 1000) ...\n", path.c_str());
        const bench::GenSummary sum = bench::generateTrace(path, g);
        std::printf("  %llu events, peak %llu arenas\n", (unsigned long long)sum.events,
                    (unsigned long long)sum.peakArenas);
    }
    return path;
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--frames" && hasValue)
            o.frames = std::max(1, std::atoi(argv[++i]));
        else if (a == "--seconds" && hasValue)
            o.seconds = std::max(0.5, std::atof(argv[++i]));
        else if (a == "--speeds" && hasValue) {
            o.speeds.clear();
            for (const QString& v : QString::fromLatin1(argv[++i]).split(QLatin1Char(',')))
                if (v.toInt() > 0)
                    o.speeds.push_back(v.toInt());
        } else if (a.rfind("--", 0) != 0 && o.trace.empty())
            o.trace = a;
        else
            return false;
    }
    return !o.speeds.empty();
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // Its own settings, so the user's window geometry and speed stay theirs.
    QApplication::setOrganizationName(QStringLiteral("ArenascopeBench"));
    Options o;
    if (!parse(argc, argv, o)) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    try {
        if (o.trace.empty())
            o.trace = defaultTrace();
        std::printf("arenascope-view-bench: nproc %u, %s, Qt %s, platform %s\n",
                    std::thread::hardware_concurrency(), arenascope::bench::cpuModel().c_str(), qVersion(),
                    qPrintable(QGuiApplication::platformName()));
        QElapsedTimer t;
        t.start();
        const std::shared_ptr<const LoadedTrace> trace = openInput(o.trace)->trace;
        std::printf("trace %s: %zu events, loaded in %.2f s\n", o.trace.c_str(), trace->store->size(),
                    msSince(t) / 1000);
        frameBench(trace, o);
        playBench(o.trace, o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "arenascope-view-bench: %s\n", e.what());
        return 2;
    }
    return 0;
}
