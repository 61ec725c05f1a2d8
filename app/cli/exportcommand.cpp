// The export command: arguments checked before the (possibly long) load, so
// a typo costs nothing; then one Picture per requested step.
#include "app/cli/exportcommand.h"
#include "app/cli/args.h"

#include "model/pymalloc/inputerror.h"
#include "model/session/cursor.h"
#include "views/pictureexport.h"
#include "views/scenarioscene.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <memory>
#include <ostream>

#include <unistd.h>

namespace arenascope::cli {
namespace {

constexpr uint64_t kMaxFrames = 10000;

struct ViewChoice {
    views::PictureView view = views::PictureView::Heap;
    std::optional<uint64_t> poolAddress;
};

ViewChoice parseView(const std::string& v) {
    if (v == "heap")
        return {};
    if (v == "charts")
        return {views::PictureView::Charts, std::nullopt};
    if (v == "gc")
        return {views::PictureView::Gc, std::nullopt};
    if (v.rfind("pool:", 0) == 0) {
        const std::string addr = v.substr(5);
        bool ok = false;
        const qulonglong a = QString::fromStdString(addr).toULongLong(&ok, 0);
        if (!ok || addr.empty())
            throw UsageError("--view pool:ADDR needs an address such as pool:0x7f3a5c0c4000, not '" +
                             addr + "'");
        return {views::PictureView::Pool, uint64_t(a)};
    }
    if (v == "pool")
        throw UsageError("--view pool needs the pool's address: --view pool:ADDR");
    throw UsageError("unknown view '" + v + "' (expected heap, pool:ADDR, charts or gc)");
}

// frames/heap.png -> frames/heap-0007.png
QString numbered(const QString& out, uint64_t index, int digits) {
    const QFileInfo fi(out);
    const QString name = QStringLiteral("%1-%2.%3")
                             .arg(fi.completeBaseName())
                             .arg(qulonglong(index), digits, 10, QLatin1Char('0'))
                             .arg(fi.suffix());
    return fi.path() == QLatin1String(".") && !out.startsWith(QLatin1String("./"))
               ? name
               : QDir(fi.path()).filePath(name);
}

int runExport(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    const Args a = parseArgs(argv, {"out", "at", "view", "width", "theme", "profile", "from", "to", "every"});
    const std::string input = a.single("INPUT");
    const auto outPath = a.get("out");
    if (!outPath || outPath->empty())
        throw UsageError("export needs --out FILE (.png, .svg or .pdf)");
    const QString outFile = QString::fromStdString(*outPath);
    if (!views::pictureFormatFor(outFile))
        throw UsageError("--out " + *outPath + ": the file name must end in .png, .svg or .pdf");
    const ViewChoice view = parseView(a.get("view").value_or("heap"));
    const uint64_t width = a.number("width").value_or(1200);
    if (width < uint64_t(views::Picture::kMinWidth) || width > uint64_t(views::Picture::kMaxWidth))
        throw UsageError("--width must be between " + std::to_string(views::Picture::kMinWidth) + " and " +
                         std::to_string(views::Picture::kMaxWidth) + " pixels, not " + std::to_string(width));
    bool themeOk = false;
    const views::ThemeKind theme =
        views::Theme::parse(QString::fromStdString(a.get("theme").value_or("light")), &themeOk);
    if (!themeOk)
        throw UsageError("unknown theme '" + *a.get("theme") + "' (expected light, dark or print)");
    const bool sequence = a.get("from") || a.get("to") || a.get("every");
    if (sequence && a.get("at"))
        throw UsageError("--at draws one step; --from/--to/--every draw a sequence: give one or the other");
    const uint64_t every = a.number("every").value_or(1);
    if (every == 0)
        throw UsageError("--every must be at least 1");

    // Qt draws text and charts through an application object; headless
    // unless the caller chose a platform.
    std::unique_ptr<QApplication> app;
    if (!QCoreApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Without a session (cron, CI, ssh) Qt warns about a missing runtime
        // directory on every run; give it a private one.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            const QString dir = QDir::temp().filePath(QStringLiteral("arenascope-runtime-%1").arg(getuid()));
            if (QDir().mkpath(dir) && QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                                     QFileDevice::ExeOwner))
                qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
        }
        static int argc = 1;
        static char name[] = "arenascope-cli";
        static char* args[] = {name, nullptr};
        app = std::make_unique<QApplication>(argc, args);
    }

    OpenOptions oo;
    oo.profileName = a.get("profile");
    const std::shared_ptr<const LoadedInput> in = openInput(input, oo);
    const bool program = in->hasProgram();
    if (view.view == views::PictureView::Gc && !program)
        throw UsageError("--view gc needs a scenario (a .py file): a trace records allocator calls, "
                         "not the objects and references the collector works on");
    Cursor cursor(in);
    const Timeline& timeline = cursor.timeline();
    // A program's steps are its operations; a trace's are its events.
    const uint64_t last = in->stepCount();
    const char* unit = program ? " operations" : " events";
    // Steps and pools are checked against the loaded input: bad input, not
    // bad usage, so the message names the file.
    auto checkStep = [&](const char* option, uint64_t step) {
        if (step > last)
            throw InputError(input, 0,
                             std::string("--") + option + " " + std::to_string(step) + " is past the end: it has " +
                                 std::to_string(last) + unit + " (steps 0 to " + std::to_string(last) + ")");
        return step;
    };
    std::vector<uint64_t> steps;
    if (sequence) {
        const uint64_t from = checkStep("from", a.number("from").value_or(0));
        const uint64_t to = checkStep("to", a.number("to").value_or(last));
        if (from > to)
            throw UsageError("--from " + std::to_string(from) + " is after --to " + std::to_string(to));
        const uint64_t frames = (to - from) / every + 1;
        if (frames > kMaxFrames)
            throw UsageError("that is " + std::to_string(frames) + " frames; at most " +
                             std::to_string(kMaxFrames) + " are written at once (use a larger --every)");
        for (uint64_t s = from; s <= to; s += every)
            steps.push_back(s);
    } else {
        steps.push_back(checkStep("at", a.number("at").value_or(last)));
    }

    views::PictureRequest request;
    request.view = view.view;
    request.width = int(width);
    request.theme = theme;
    request.inputName = QFileInfo(QString::fromStdString(input)).fileName();
    const int digits = std::max(4, int(std::to_string(steps.size() - 1).size()));
    for (size_t i = 0; i < steps.size(); ++i) {
        cursor.seekStep(size_t(steps[i]));
        if (program)
            request.scenario = views::scenarioPicture(
                *in->program, steps[i],
                view.view == views::PictureView::Gc ? views::gcSceneFrom(cursor.programState()) : views::GcScene());
        if (view.poolAddress) {
            request.pool = timeline.allocator().poolContaining(*view.poolAddress);
            if (request.pool == kNoPool)
                throw InputError(input, 0,
                                 "no carved pool holds " + hexPtr(*view.poolAddress) + " at step " +
                                     std::to_string(steps[i]));
        }
        const views::Picture picture(timeline, request);
        const QString file = sequence ? numbered(outFile, i, digits) : outFile;
        const QString error = views::writePicture(picture, file);
        if (!error.isEmpty()) {
            err << "arenascope-cli: " << error.toStdString() << "\n";
            return 2;
        }
        if (!sequence)
            out << "wrote " << file.toStdString() << " (" << picture.pixelSize().width() << "x"
                << picture.pixelSize().height() << " px, step " << steps[i] << ")\n";
    }
    if (sequence)
        out << "wrote " << steps.size() << " frames: " << numbered(outFile, 0, digits).toStdString()
            << " to " << numbered(outFile, steps.size() - 1, digits).toStdString() << "\n";
    return 0;
}

} // namespace

Command exportCommand() {
    return {"export",
            "  export INPUT --out FILE [--at STEP] [--view heap|pool:ADDR|charts|gc] [--width PX]\n"
            "         [--theme light|dark|print] [--profile V]\n"
            "                                              draw a view at STEP to PNG, SVG or PDF\n"
            "  export INPUT --out FILE.png --from A --to B --every K ...\n"
            "                                              numbered frames FILE-0000.png, ...\n",
            &runExport};
}

} // namespace arenascope::cli
