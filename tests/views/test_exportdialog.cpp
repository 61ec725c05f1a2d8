// File > Export view in the window: the dialog writes what it previews,
// follows the file's extension, copies to the clipboard, remembers its
// choices, and reports an unwritable path without losing anything.
#include "app/gui/exportdialog.h"
#include "app/gui/mainwindow.h"
#include "testsupport.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <gtest/gtest.h>

// Readable QStrings in failure messages.
inline void PrintTo(const QString& s, std::ostream* os) { *os << '"' << s.toStdString() << '"'; }

namespace arenascope {
namespace {

class ExportWindow : public ::testing::Test {
protected:
    void SetUp() override {
        QSettings().remove(QStringLiteral("export"));
        window_.setInteractive(false);
        QSignalSpy loaded(&window_, &app::MainWindow::traceLoaded);
        window_.openFile(QString::fromStdString(test::fixture("startup_listcomp.trace.gz")));
        ASSERT_TRUE(loaded.wait(20000));
        window_.session()->seek(3000);
        window_.session()->selectAddress(0x7fd56d233640);
    }
    app::MainWindow window_;
    QTemporaryDir dir_;
};

TEST_F(ExportWindow, CtrlEIsFileExportView) {
    QAction* found = nullptr;
    for (QAction* a : window_.findChildren<QAction*>())
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_E))
            found = a;
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->text(), QStringLiteral("&Export view..."));
}

TEST_F(ExportWindow, SavesTheSelectedPoolAsSvg) {
    app::ExportDialog d(*window_.session(), window_.inputName());
    d.setInteractive(false);
    d.setView(views::PictureView::Pool);
    d.setWidth(800);
    const QString path = dir_.filePath(QStringLiteral("pool.svg"));
    d.setPath(path);
    ASSERT_TRUE(d.save()) << d.lastError().toStdString();
    QSvgRenderer svg(path);
    ASSERT_TRUE(svg.isValid());
    const views::Picture picture(window_.session()->timeline(), d.request());
    EXPECT_EQ(svg.defaultSize(), picture.pixelSize());
    EXPECT_EQ(picture.title(), QStringLiteral("Pool 0x7fd56d230000 and its blocks (pages) \u2014 startup_listcomp.trace.gz"));
}

TEST_F(ExportWindow, FormatFollowsTheExtensionAndBack) {
    app::ExportDialog d(*window_.session(), window_.inputName());
    auto* format = d.findChildren<QComboBox*>().at(1);
    format->setCurrentIndex(2);  // PDF
    EXPECT_TRUE(d.path().endsWith(QStringLiteral("-step3000.pdf"))) << d.path().toStdString();
    EXPECT_TRUE(d.path().contains(QStringLiteral("startup_listcomp"))) << d.path().toStdString();
}

TEST_F(ExportWindow, UnwritablePathIsAnErrorAndNothingIsLost) {
    app::ExportDialog d(*window_.session(), window_.inputName());
    d.setInteractive(false);
    const QString path = dir_.filePath(QStringLiteral("missing/dir/heap.png"));
    d.setPath(path);
    EXPECT_FALSE(d.save());
    EXPECT_EQ(d.lastError(),
              QStringLiteral("cannot write %1: No such file or directory").arg(path));
    EXPECT_EQ(window_.session()->step(), 3000u);
}

TEST_F(ExportWindow, CopyPutsThePictureOnTheClipboard) {
    app::ExportDialog d(*window_.session(), window_.inputName());
    d.setWidth(700);
    d.copyToClipboard();
    const QImage img = QGuiApplication::clipboard()->image();
    EXPECT_EQ(img.size(), views::Picture(window_.session()->timeline(), d.request()).pixelSize());
    EXPECT_EQ(img.width(), 700);
}

TEST_F(ExportWindow, ChoicesAreRemembered) {
    {
        app::ExportDialog d(*window_.session(), window_.inputName());
        d.setInteractive(false);
        d.setWidth(900);
        d.setTheme(views::ThemeKind::Print);
        d.setPath(dir_.filePath(QStringLiteral("heap.png")));
        ASSERT_TRUE(d.save());
    }
    app::ExportDialog again(*window_.session(), window_.inputName());
    EXPECT_EQ(again.request().width, 900);
    EXPECT_EQ(again.request().theme, views::ThemeKind::Print);
    EXPECT_TRUE(again.path().startsWith(dir_.path())) << again.path().toStdString();
}

TEST_F(ExportWindow, PoolViewIsOfferedOnlyWithAPool) {
    window_.session()->selectPool(kNoPool);
    app::ExportDialog d(*window_.session(), window_.inputName());
    d.setView(views::PictureView::Pool);
    EXPECT_EQ(d.request().view, views::PictureView::Heap);
}

} // namespace
} // namespace arenascope
