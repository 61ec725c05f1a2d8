// PNG through QImageWriter; SVG and PDF through Qt's vector paint devices,
// at 96 dpi so one logical pixel is the same size in every format.
#include "views/pictureexport.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

namespace arenascope::views {
namespace {

// The context lupdate gives to tr() in free functions of this namespace.
QString tr(const char* s) { return QCoreApplication::translate("arenascope::views", s); }

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
    const QSize px = picture.pixelSize();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    bool painted = false;
    if (*format == PictureFormat::Png) {
        QImageWriter png(&buffer, "png");
        painted = png.write(picture.toImage());
    } else if (*format == PictureFormat::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(px);
        svg.setViewBox(QRect(QPoint(0, 0), px));
        svg.setResolution(int(Picture::kDpi));
        svg.setTitle(picture.title());
        svg.setDescription(picture.caption().join(QLatin1Char('\n')));
        QPainter p;
        if ((painted = p.begin(&svg))) {
            p.scale(picture.scale(), picture.scale());
            picture.paint(p);
            p.end();
        }
        // Qt states the size in millimetres, which readers turn into pixels
        // at different dpi (QtSvg 90, browsers 96); state it in pixels.
        static const QRegularExpression size(QStringLiteral("<svg width=\"[^\"]*\" height=\"[^\"]*\""));
        QString text = QString::fromUtf8(bytes);
        text.replace(size, QStringLiteral("<svg width=\"%1\" height=\"%2\"").arg(px.width()).arg(px.height()));
        bytes = text.toUtf8();
    } else {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(int(Picture::kDpi));
        pdf.setPageSize(QPageSize(QSizeF(px) * (72.0 / Picture::kDpi), QPageSize::Point, QString(),
                                  QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(picture.title());
        pdf.setCreator(QStringLiteral("Arenascope"));
        QPainter p;
        if ((painted = p.begin(&pdf))) {
            // The page is in whole points; fit the picture to it exactly.
            const QRect page = p.viewport();
            p.scale(page.width() / picture.logicalSize().width(), page.height() / picture.logicalSize().height());
            picture.paint(p);
            p.end();
        }
    }
    if (!painted)
        return cannotWrite(path, tr("could not draw the picture"));
    // Written only once drawn, so a failed export leaves no half file behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return cannotWrite(path, file.errorString());
    return {};
}

} // namespace arenascope::views
