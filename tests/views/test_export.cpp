// Export tests: each format read back by a real reader (QImage, QSvgRenderer,
// the PDF's own page box), golden PNGs at fixed steps of a fixture, frame
// sequences, and the command's bad-argument errors with exit code 2.
#include "app/cli/exportcommand.h"
#include "golden.h"
#include "testsupport.h"
#include "views/picture.h"
#include "views/pictureexport.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <sstream>

#include <sys/wait.h>

namespace arenascope {
namespace {

using test::fixture;

struct CliRun {
    int code = -1;
    std::string out, err;
};

CliRun cli(std::vector<std::string> args) {
    args.insert(args.begin(), "export");
    std::ostringstream out, err;
    CliRun r;
    r.code = cli::runCli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const std::string kStartup = fixture("startup_listcomp.trace.gz");

class Export : public ::testing::Test {
protected:
    std::string path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)).toStdString(); }
    QTemporaryDir dir_;
};

// How many pixels have exactly this colour.
int countColour(const QImage& img, QColor c) {
    const QImage i = img.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < i.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(i.constScanLine(y));
        for (int x = 0; x < i.width(); ++x)
            n += (line[x] & 0xffffff) == (c.rgb() & 0xffffff);
    }
    return n;
}

// The size the picture will have, from the same model state.
QSize expectedSize(const std::string& trace, size_t step, views::PictureView view, int width,
                   uint64_t poolAddress = 0) {
    Timeline t(loadTrace(trace));
    t.seek(step);
    views::PictureRequest r;
    r.view = view;
    r.pool = poolAddress ? t.allocator().poolContaining(poolAddress) : kNoPool;
    r.width = width;
    return views::Picture(t, r).pixelSize();
}

TEST_F(Export, PngHasTheWidthAndTheStateColours) {
    const std::string out = path("heap.png");
    const CliRun r = cli({kStartup, "--out", out, "--at", "12000", "--width", "900"});
    ASSERT_EQ(r.code, 0) << r.err;
    const QSize size = expectedSize(kStartup, 12000, views::PictureView::Heap, 900);
    EXPECT_EQ(r.out, "wrote " + out + " (900x" + std::to_string(size.height()) + " px, step 12000)\n");
    QImage img;
    ASSERT_TRUE(img.load(QString::fromStdString(out)));
    EXPECT_EQ(img.size(), size);
    const views::Theme t = views::Theme::make(views::ThemeKind::Light);
    EXPECT_GT(countColour(img, t.full), 200) << "full pools";
    EXPECT_GT(countColour(img, t.used), 200) << "used pools";
    EXPECT_GT(countColour(img, t.tableTop), 1000) << "the table top";
    EXPECT_GT(countColour(img, t.highlight), 20) << "the pool this step changed";
}

TEST_F(Export, SvgIsReadBackBySvgRenderer) {
    const std::string out = path("heap.svg");
    ASSERT_EQ(cli({kStartup, "--out", out, "--at", "12000", "--width", "900"}).code, 0);
    QSvgRenderer svg(QString::fromStdString(out));
    ASSERT_TRUE(svg.isValid());
    EXPECT_EQ(svg.defaultSize(), expectedSize(kStartup, 12000, views::PictureView::Heap, 900));
    QImage img(svg.defaultSize(), QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    svg.render(&p);
    p.end();
    const views::Theme t = views::Theme::make(views::ThemeKind::Light);
    EXPECT_GT(countColour(img, t.full), 200);
    EXPECT_GT(countColour(img, t.tableTop), 1000);
    QFile f(QString::fromStdString(out));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    EXPECT_TRUE(text.contains("startup_listcomp.trace.gz")) << "the title names the input";
    EXPECT_TRUE(text.contains("step 12,000 of 24,474")) << "the caption names the step";
}

TEST_F(Export, PdfHasOnePageOfThePicturesSize) {
    const std::string out = path("pool.pdf");
    const CliRun r = cli({kStartup, "--out", out, "--at", "3000", "--view", "pool:0x7fd56d233640", "--width", "800"});
    ASSERT_EQ(r.code, 0) << r.err;
    QFile f(QString::fromStdString(out));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray pdf = f.readAll();
    ASSERT_TRUE(pdf.startsWith("%PDF-"));
    const QString text = QString::fromLatin1(pdf);
    EXPECT_EQ(text.count(QRegularExpression(QStringLiteral("/Type\\s*/Page[^s]"))), 1);
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]")).match(text);
    ASSERT_TRUE(m.hasMatch());
    // 96 pixels to the inch: a pixel is 0.75 pt; the page is in whole points.
    const QSize px = expectedSize(kStartup, 3000, views::PictureView::Pool, 800, 0x7fd56d233640);
    EXPECT_NEAR(m.captured(1).toDouble(), px.width() * 0.75, 1.0);
    EXPECT_NEAR(m.captured(2).toDouble(), px.height() * 0.75, 1.0);
}

TEST_F(Export, PrintThemeIsBlackAndWhite) {
    const std::string out = path("print.png");
    ASSERT_EQ(cli({kStartup, "--out", out, "--at", "12000", "--theme", "print"}).code, 0);
    QImage img;
    ASSERT_TRUE(img.load(QString::fromStdString(out)));
    img = img.convertToFormat(QImage::Format_RGB32);
    std::set<QRgb> colours;
    int black = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y);
            colours.insert(c);
            black += qGray(c) == 0;
            ASSERT_EQ(qRed(c), qGreen(c)) << "a colour at " << x << "," << y;
            ASSERT_EQ(qGreen(c), qBlue(c)) << "a colour at " << x << "," << y;
        }
    EXPECT_GT(black, 1000) << "full pools are solid black";
}

TEST_F(Export, GoldenHeapAndPoolPictures) {
    struct Case {
        std::vector<std::string> args;
        const char* golden;
    };
    const std::vector<Case> cases = {
        {{"--at", "12000", "--width", "1000"}, "export_heap_startup_12000"},
        {{"--at", "12000", "--width", "1000", "--theme", "print"}, "export_heap_startup_12000_print"},
        {{"--at", "3000", "--width", "700", "--view", "pool:0x7fd56d233640"}, "export_pool_startup_3000"},
        {{"--at", "24474", "--width", "1000", "--theme", "dark"}, "export_heap_startup_end_dark"},
    };
    for (const Case& c : cases) {
        const std::string out = path("golden.png");
        std::vector<std::string> args = {kStartup, "--out", out};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const CliRun r = cli(args);
        ASSERT_EQ(r.code, 0) << r.err;
        QImage img;
        ASSERT_TRUE(img.load(QString::fromStdString(out)));
        EXPECT_TRUE(test::matchesGolden(img, QString::fromLatin1(c.golden)));
    }
}

TEST_F(Export, ChartsPictureHasBothCharts) {
    const std::string out = path("charts.png");
    ASSERT_EQ(cli({kStartup, "--out", out, "--at", "3000", "--view", "charts", "--width", "800"}).code, 0);
    QImage img;
    ASSERT_TRUE(img.load(QString::fromStdString(out)));
    EXPECT_EQ(img.size(), expectedSize(kStartup, 3000, views::PictureView::Charts, 800));
    const views::Theme t = views::Theme::make(views::ThemeKind::Light);
    EXPECT_GT(countColour(img, t.blockAllocated), 100) << "the blocks-in-use bars";
    EXPECT_GT(countColour(img, t.highlight), 50) << "the cursor at the current step";
}

TEST_F(Export, WideExportsKeepTheirTextReadable) {
    Timeline t(loadTrace(kStartup));
    t.seek(12000);
    views::PictureRequest r;
    r.width = 3200;
    const views::Picture wide(t, r);
    r.width = 1600;
    const views::Picture normal(t, r);
    EXPECT_DOUBLE_EQ(wide.scale(), 2.0);
    EXPECT_EQ(wide.logicalSize(), normal.logicalSize());
    EXPECT_EQ(wide.pixelSize().height(), 2 * normal.pixelSize().height());
}

TEST_F(Export, APoolPictureWithoutAPoolSaysSo) {
    Timeline t(loadTrace(kStartup));
    views::PictureRequest r;
    r.view = views::PictureView::Pool;  // no pool: as the window at step 0
    const views::Picture picture(t, r);
    EXPECT_EQ(picture.title(), QStringLiteral("No pool selected"));
    EXPECT_FALSE(picture.toImage().isNull());
}

TEST_F(Export, FrameSequenceWritesNumberedPngs) {
    const std::string out = path("frames.png");
    const CliRun r = cli({kStartup, "--out", out, "--from", "0", "--to", "3000", "--every", "1000", "--width", "600"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote 4 frames: " + path("frames-0000.png") + " to " + path("frames-0003.png") + "\n");
    QImage first, last;
    ASSERT_TRUE(first.load(QString::fromStdString(path("frames-0000.png"))));
    ASSERT_TRUE(last.load(QString::fromStdString(path("frames-0003.png"))));
    EXPECT_TRUE(QFile::exists(QString::fromStdString(path("frames-0001.png"))));
    EXPECT_FALSE(QFile::exists(QString::fromStdString(path("frames-0004.png"))));
    EXPECT_NE(first, last) << "step 0 (no arena) and step 3000 look different";
    EXPECT_EQ(first.width(), 600);
}

TEST_F(Export, BadArgumentsExit2WithAClearMessage) {
    const std::string out = path("x.png");
    struct Case {
        std::vector<std::string> args;
        std::string message;  // the first line of standard error
    };
    const std::vector<Case> cases = {
        {{kStartup}, "arenascope-cli: export needs --out FILE (.png, .svg or .pdf)"},
        {{kStartup, "--out", out, "--view", "books"},
         "arenascope-cli: unknown view 'books' (expected heap, pool:ADDR, charts or gc)"},
        {{kStartup, "--out", out, "--view", "pool"},
         "arenascope-cli: --view pool needs the pool's address: --view pool:ADDR"},
        {{kStartup, "--out", out, "--view", "pool:zz"},
         "arenascope-cli: --view pool:ADDR needs an address such as pool:0x7f3a5c0c4000, not 'zz'"},
        {{kStartup, "--out", out, "--view", "gc"},
         "arenascope-cli: --view gc needs a scenario (a .py file): a trace records allocator calls, "
         "not the objects and references the collector works on"},
        {{kStartup, "--out", out, "--at", "24475"},
         "arenascope-cli: " + kStartup + ": --at 24475 is past the end: it has 24474 events (steps 0 to 24474)"},
        {{kStartup, "--out", out, "--at", "-1"}, "arenascope-cli: --at takes a whole number, not '-1'"},
        {{kStartup, "--out", out, "--view", "pool:0x10"},
         "arenascope-cli: " + kStartup + ": no carved pool holds 0x10 at step 24474"},
        {{kStartup, "--out", path("x.gif")},
         "arenascope-cli: --out " + path("x.gif") + ": the file name must end in .png, .svg or .pdf"},
        {{kStartup, "--out", path("no/such/dir/x.png")},
         "arenascope-cli: cannot write " + path("no/such/dir/x.png") +
             ": No such file or directory"},
        {{kStartup, "--out", path("no/such/dir/x.svg")},
         "arenascope-cli: cannot write " + path("no/such/dir/x.svg") + ": No such file or directory"},
        {{kStartup, "--out", out, "--width", "100"},
         "arenascope-cli: --width must be between 320 and 16000 pixels, not 100"},
        {{kStartup, "--out", out, "--theme", "sepia"},
         "arenascope-cli: unknown theme 'sepia' (expected light, dark or print)"},
        {{kStartup, "--out", out, "--at", "5", "--from", "1"},
         "arenascope-cli: --at draws one step; --from/--to/--every draw a sequence: give one or the other"},
        {{kStartup, "--out", out, "--from", "9", "--to", "3"}, "arenascope-cli: --from 9 is after --to 3"},
        {{kStartup, "--out", out, "--every", "0"}, "arenascope-cli: --every must be at least 1"},
        {{kStartup, "--out", out, "--from", "0", "--every", "1"},
         "arenascope-cli: that is 24475 frames; at most 10000 are written at once (use a larger --every)"},
        {{path("missing.trace"), "--out", out},
         "arenascope-cli: " + path("missing.trace") + ": cannot open: No such file or directory"},
    };
    for (const Case& c : cases) {
        const CliRun r = cli(c.args);
        std::string joined;
        for (const std::string& a : c.args)
            joined += a + " ";
        EXPECT_EQ(r.code, 2) << joined;
        EXPECT_EQ(r.err.substr(0, r.err.find('\n')), c.message) << joined;
        EXPECT_EQ(r.out, "") << joined;
    }
    EXPECT_FALSE(QFile::exists(QString::fromStdString(out))) << "nothing is written on an error";
}

TEST_F(Export, TheExecutableHasTheCommand) {
    const std::string out = path("process.png");
    const std::string cmd = std::string(ARENASCOPE_CLI) + " export '" + kStartup + "' --at 100 --out '" + out + "'";
    int status = std::system((cmd + " >/dev/null 2>&1").c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    QImage img;
    EXPECT_TRUE(img.load(QString::fromStdString(out)));
    status = std::system((cmd + " --view nothing >/dev/null 2>&1").c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST_F(Export, BadTraceNamesTheFileAndLine) {
    const QString bad = dir_.filePath(QStringLiteral("bad.trace"));
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(test::traceText("3.11.7", {"malloc obj 16 0x7f0000000010", "frobnicate"}).c_str());
    f.close();
    const CliRun r = cli({bad.toStdString(), "--out", path("x.png")});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind("arenascope-cli: " + bad.toStdString() + ":4: ", 0), 0u) << r.err;
}

} // namespace
} // namespace arenascope

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    arenascope::test::useTestFonts();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ArenascopeTests"));
    arenascope::cli::addCommand(arenascope::cli::exportCommand());
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
