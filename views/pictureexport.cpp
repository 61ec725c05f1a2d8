// PNG through QImageWriter; SVG and PDF through Qt's vector paint devices,
// at 96 dpi so one logical pixel is the same size in every format.
#include "views/pictureexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace arenascope::views {
namespace {

QString tr(const char* s) { return QCoreApplication::translate("arenascope::views::Picture", s); }

QString cannotWrite(const QString& path, const QString& why) {
    return tr("cannot write %1: %2").arg(path, why);
}

} // namespace

std::optional<PictureFormat> pictureFormatFor(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("png")) return PictureFormat::Png;
    if (ext == QLatin1String("svg")) return PictureFormat::Svg;
    if (ext == QLatin1String("pdf")) return PictureFormat::Pdf;
    return std::nullopt;
}

QString writePicture(const Picture& picture, const QString& path) {
    const std::optional<PictureFormat> format = pictureFormatFor(path);
    if (!format)
        return tr("cannot write %1: the file name must end in .png, .svg or .pdf").arg(path);
    if (*format == PictureFormat::Png) {
        QImageWriter w(path, "png");
        if (!w.write(picture.toImage()))
            return cannotWrite(path, w.errorString());
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return cannotWrite(path, file.errorString());
    const QSize px = picture.pixelSize();
    const QString description = picture.caption().join(QLatin1Char('\n'));
    bool painted = false;
    if (*format == PictureFormat::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(px);
        svg.setViewBox(QRect(QPoint(0, 0), px));
        svg.setResolution(int(Picture::kDpi));
        svg.setTitle(picture.title());
        svg.setDescription(description);
        QPainter p;
        if ((painted = p.begin(&svg))) {
            p.scale(picture.scale(), picture.scale());
            picture.paint(p);
            p.end();
        }
    } else {
        QPdfWriter pdf(&file);
        pdf.setResolution(int(Picture::kDpi));
        pdf.setPageSize(QPageSize(QSizeF(px) * (72.0 / Picture::kDpi), QPageSize::Point,
                                  QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(picture.title());
        pdf.setCreator(QStringLiteral("Arenascope"));
        QPainter p;
        if ((painted = p.begin(&pdf))) {
            // The page is in whole points; fit the picture to it exactly.
            const QRect page = p.viewport();
            p.scale(page.width() / (picture.logicalSize().width()),
                    page.height() / (picture.logicalSize().height()));
            picture.paint(p);
            p.end();
        }
    }
    if (!painted || file.error() != QFileDevice::NoError)
        return cannotWrite(path, painted ? file.errorString() : tr("could not draw on it"));
    return {};
}

} // namespace arenascope::views
