// arenascope-export-bench: how long `export` takes to draw and write the heap
// view of a 1,000-arena state as PNG, SVG and PDF. Prints its figures; no
// thresholds (see bench/README.md).
#include "bench/machine.h"
#include "bench/tracegen.h"

#include "model/session/input.h"
#include "model/trace/timeline.h"
#include "views/pictureexport.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int runs = args.contains(QStringLiteral("--quick")) ? 2 : 7;
    const QString dir = QDir::temp().filePath(QStringLiteral("arenascope-export-bench"));
    QDir().mkpath(dir);

    arenascope::bench::GenOptions g;
    g.arenas = 1000;
    g.events = 5'000'000;  // as arenascope-bench: the growth phase reaches 1,000 arenas
    const std::string trace = QDir(dir).filePath(QStringLiteral("growth-1000.trace.gz")).toStdString();
    std::printf("arenascope-export-bench: %s\n", arenascope::bench::machineLine().c_str());
    std::printf("generating %s ...\n", trace.c_str());
    std::fflush(stdout);
    const arenascope::bench::GenSummary s = arenascope::bench::generateTrace(trace, g);
    arenascope::Timeline timeline(arenascope::openInput(trace)->trace);
    timeline.seek(s.peakArenasEvent);
    std::printf("state: step %llu, %llu arenas mapped\n", static_cast<unsigned long long>(timeline.step()),
                static_cast<unsigned long long>(timeline.allocator().state().g.narenas_currently_allocated));

    arenascope::views::PictureRequest r;
    r.width = 1600;
    r.inputName = QFileInfo(QString::fromStdString(trace)).fileName();
    std::printf("%-6s %10s %10s %12s %14s\n", "format", "median ms", "max ms", "pixels", "file bytes");
    for (const char* ext : {"png", "svg", "pdf"}) {
        const QString out = QDir(dir).filePath(QStringLiteral("heap.") + QLatin1String(ext));
        std::vector<double> ms;
        QSize px;
        for (int i = 0; i < runs; ++i) {
            const auto t0 = Clock::now();
            const arenascope::views::Picture picture(timeline, r);
            const QString error = arenascope::views::writePicture(picture, out);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            px = picture.pixelSize();
            if (!error.isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%-6s %10.1f %10.1f %5dx%-6d %14lld\n", ext, ms[ms.size() / 2], ms.back(), px.width(),
                    px.height(), static_cast<long long>(QFileInfo(out).size()));
    }
    return 0;
}
