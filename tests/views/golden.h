// Golden-image comparison for painting and export tests. A per-channel
// tolerance and a small budget of differing pixels absorb font antialiasing
// differences between machines, but a wrong colour or a moved shape fails.
//
//   EXPECT_TRUE(arenascope::test::matchesGolden(image, "heap_startup_12000"));
//
// Goldens: tests/data/golden/NAME.png; ARENASCOPE_UPDATE_GOLDEN=1 (re)writes
// them. A failure writes NAME.actual.png and NAME.diff.png (differing pixels
// red) to ARENASCOPE_GOLDEN_OUT (default ./golden-out) and names them.
#pragma once

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QString>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#ifndef ARENASCOPE_GOLDEN_DIR
#define ARENASCOPE_GOLDEN_DIR ARENASCOPE_TEST_DATA "/golden"
#endif

namespace arenascope::test {

struct Tolerance {
    int channel = 16;            // a pixel differs when a channel (or alpha) is off by more
    double maxFraction = 0.003;  // share of differing pixels allowed (0.3%)
};

// Call in main() before the QApplication exists: fonts.conf beside this file
// pins the fonts and their rendering (fonts-dejavu-core must be installed).
inline void useTestFonts() {
#ifdef ARENASCOPE_TEST_FONTS_CONF
    if (qEnvironmentVariableIsEmpty("FONTCONFIG_FILE"))
        qputenv("FONTCONFIG_FILE", ARENASCOPE_TEST_FONTS_CONF);
#endif
}

inline QString goldenPath(const QString& name) {
    const QString file = name.endsWith(QLatin1String(".png")) ? name : name + QStringLiteral(".png");
    return QStringLiteral(ARENASCOPE_GOLDEN_DIR "/") + file;
}

inline QString goldenOutDir() {
#ifdef ARENASCOPE_GOLDEN_OUT
    const QString dir = QStringLiteral(ARENASCOPE_GOLDEN_OUT);
#else
    const QString dir = QDir::current().filePath(QStringLiteral("golden-out"));
#endif
    QDir().mkpath(dir);
    return dir;
}

namespace detail {
inline bool updating() {
    const char* v = std::getenv("ARENASCOPE_UPDATE_GOLDEN");
    return v && std::strcmp(v, "1") == 0;
}

inline int channelDiff(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b)), std::abs(qAlpha(a) - qAlpha(b))});
}

// Saves what the test drew, for the failure message; returns the path.
inline QString saveOutput(const QImage& img, const QString& name, const char* suffix) {
    const QString base = QFileInfo(goldenPath(name)).completeBaseName();
    const QString path = goldenOutDir() + QLatin1Char('/') + base + QLatin1String(suffix);
    img.save(path);
    return path;
}
} // namespace detail

// ACTUAL against EXPECTED within T; NAME names the output files on a failure.
inline ::testing::AssertionResult imagesMatch(const QImage& actualIn, const QImage& expectedIn,
                                              const QString& name, Tolerance t = {}) {
    // Compare in one format; the device pixel ratio does not travel in a PNG.
    QImage actual = actualIn.convertToFormat(QImage::Format_ARGB32);
    actual.setDevicePixelRatio(1);
    const QImage expected = expectedIn.convertToFormat(QImage::Format_ARGB32);
    if (expected.size() != actual.size()) {
        const QString out = detail::saveOutput(actual, name, ".actual.png");
        return ::testing::AssertionFailure()
               << name.toStdString() << ": size " << actual.width() << "x" << actual.height()
               << " differs from the expected " << expected.width() << "x" << expected.height()
               << " (actual image: " << out.toStdString() << ")";
    }
    QImage diff(actual.size(), QImage::Format_ARGB32);
    qint64 differing = 0;
    int worst = 0, firstX = -1, firstY = -1;
    for (int y = 0; y < actual.height(); ++y) {
        const QRgb* a = reinterpret_cast<const QRgb*>(actual.constScanLine(y));
        const QRgb* e = reinterpret_cast<const QRgb*>(expected.constScanLine(y));
        QRgb* d = reinterpret_cast<QRgb*>(diff.scanLine(y));
        for (int x = 0; x < actual.width(); ++x) {
            const int c = detail::channelDiff(a[x], e[x]);
            worst = std::max(worst, c);
            if (c > t.channel) {
                if (differing++ == 0)
                    firstX = x, firstY = y;
                d[x] = qRgb(255, 0, 0);
            } else {
                const int g = 192 + qGray(e[x]) / 4;  // faded expected image, for orientation
                d[x] = qRgb(g, g, g);
            }
        }
    }
    const qint64 total = qint64(actual.width()) * actual.height();
    const double fraction = total ? double(differing) / double(total) : 0.0;
    if (fraction <= t.maxFraction)
        return ::testing::AssertionSuccess();
    const QString actualPath = detail::saveOutput(actual, name, ".actual.png");
    const QString diffPath = detail::saveOutput(diff, name, ".diff.png");
    return ::testing::AssertionFailure()
           << name.toStdString() << ": " << differing << " of " << total << " pixels ("
           << fraction * 100 << "%, allowed " << t.maxFraction * 100 << "%) differ by more than "
           << t.channel << " in a channel (worst " << worst << "; first at " << firstX << ","
           << firstY << ")\n  actual: " << actualPath.toStdString()
           << "\n  diff:   " << diffPath.toStdString();
}

// ACTUAL against tests/data/golden/NAME.png; rewrites it under ARENASCOPE_UPDATE_GOLDEN=1.
inline ::testing::AssertionResult matchesGolden(const QImage& actual, const QString& name,
                                                Tolerance t = {}) {
    const QString golden = goldenPath(name);
    if (detail::updating()) {
        QDir().mkpath(QFileInfo(golden).absolutePath());
        QImage img = actual.convertToFormat(QImage::Format_ARGB32);
        img.setDevicePixelRatio(1);
        if (!img.save(golden))
            return ::testing::AssertionFailure() << "could not write " << golden.toStdString();
        return ::testing::AssertionSuccess() << "updated " << golden.toStdString();
    }
    const QImage expected(golden);
    if (expected.isNull()) {
        const QString out = detail::saveOutput(actual, name, ".actual.png");
        return ::testing::AssertionFailure()
               << "no golden image " << golden.toStdString() << " (actual image: " << out.toStdString()
               << "); run with ARENASCOPE_UPDATE_GOLDEN=1 to create it";
    }
    ::testing::AssertionResult r = imagesMatch(actual, expected, name, t);
    if (!r)
        r << "\n  golden: " << golden.toStdString()
          << "\n  if the change is intended, rerun with ARENASCOPE_UPDATE_GOLDEN=1 and look at the PNG";
    return r;
}

} // namespace arenascope::test
