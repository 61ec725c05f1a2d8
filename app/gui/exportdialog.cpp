// The export dialog. The preview is the Picture itself scaled down, so what
// the user sees is what the file gets.
#include "app/gui/exportdialog.h"

#include "views/pictureexport.h"

#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QPainter>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace arenascope::app {
namespace {
const char* const kExtensions[] = {"png", "svg", "pdf"};
}

ExportDialog::ExportDialog(const views::Session& session, const QString& inputName, QWidget* parent,
                           std::shared_ptr<const views::ScenarioPicture> scenario)
    : QDialog(parent), session_(session), inputName_(inputName), scenario_(std::move(scenario)) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export view"));
    view_ = new QComboBox(this);
    view_->addItem(tr("Heap: arenas and their pools"), int(views::PictureView::Heap));
    view_->addItem(tr("Selected pool: its blocks"), int(views::PictureView::Pool));
    view_->addItem(tr("Charts"), int(views::PictureView::Charts));
    if (scenario_)
        view_->addItem(tr("GC view: objects, references and the collector"), int(views::PictureView::Gc));
    if (session_.selectedPool() == kNoPool)  // nothing to draw until a pool is chosen
        qobject_cast<QStandardItemModel*>(view_->model())->item(1)->setEnabled(false);
    format_ = new QComboBox(this);
    format_->addItem(tr("PNG image"));
    format_->addItem(tr("SVG drawing"));
    format_->addItem(tr("PDF document"));
    theme_ = new QComboBox(this);
    theme_->addItem(tr("Light"), int(views::ThemeKind::Light));
    theme_->addItem(tr("Dark"), int(views::ThemeKind::Dark));
    theme_->addItem(tr("Print (black and white, patterns)"), int(views::ThemeKind::Print));
    width_ = new QSpinBox(this);
    width_->setRange(views::Picture::kMinWidth, views::Picture::kMaxWidth);
    width_->setSingleStep(100);
    width_->setSuffix(tr(" px"));
    path_ = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse..."), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    size_ = new QLabel(this);
    preview_ = new QLabel(this);
    preview_->setMinimumSize(480, 200);
    preview_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);  // the pixmap follows, never leads
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setFrameShape(QFrame::StyledPanel);

    auto* form = new QFormLayout;
    form->addRow(tr("&View:"), view_);
    form->addRow(tr("&Format:"), format_);
    form->addRow(tr("&Theme:"), theme_);
    form->addRow(tr("&Width:"), width_);
    form->addRow(tr("F&ile:"), pathRow);
    form->addRow(tr("Size:"), size_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    QPushButton* copy = buttons->addButton(tr("&Copy to clipboard"), QDialogButtonBox::ActionRole);
    auto* lay = new QVBoxLayout(this);
    lay->addLayout(form);
    lay->addWidget(preview_, 1);
    lay->addWidget(buttons);

    QSettings s;
    const QString dir = s.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    setView(views::PictureView(s.value(QStringLiteral("export/view"), 0).toInt()));
    setTheme(views::ThemeKind(s.value(QStringLiteral("export/theme"), 0).toInt()));
    setWidth(s.value(QStringLiteral("export/width"), 1600).toInt());
    format_->setCurrentIndex(std::clamp(s.value(QStringLiteral("export/format"), 0).toInt(), 0, 2));
    const QString base = QFileInfo(inputName).fileName().section(QLatin1Char('.'), 0, 0).remove(QLatin1Char(':'));
    path_->setText(QDir(dir).filePath(QStringLiteral("%1-step%2.%3")
                                          .arg(base.isEmpty() ? QStringLiteral("heap") : base)
                                          .arg(session_.step())
                                          .arg(QLatin1String(kExtensions[format_->currentIndex()]))));

    resize(760, 640);
    connect(view_, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(theme_, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(width_, &QSpinBox::valueChanged, this, &ExportDialog::refresh);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChosen);
    connect(path_, &QLineEdit::textEdited, this, [this](const QString& p) {
        if (const auto f = views::pictureFormatFor(p)) {
            const QSignalBlocker b(format_);
            format_->setCurrentIndex(int(*f));
        }
    });
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(copy, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    refresh();
}

views::PictureRequest ExportDialog::request() const {
    views::PictureRequest r;
    r.view = views::PictureView(view_->currentData().toInt());
    r.theme = views::ThemeKind(theme_->currentData().toInt());
    r.width = width_->value();
    r.pool = session_.selectedPool();
    r.selectedPool = session_.selectedPool();
    r.selectedBlock = session_.selectedBlock();
    r.inputName = inputName_;
    r.scenario = scenario_;
    return r;
}

QString ExportDialog::path() const { return path_->text(); }
void ExportDialog::setPath(const QString& path) { path_->setText(path); }

void ExportDialog::setView(views::PictureView view) {
    const int i = view_->findData(int(view));
    const bool enabled = i >= 0 && qobject_cast<QStandardItemModel*>(view_->model())->item(i)->isEnabled();
    view_->setCurrentIndex(enabled ? i : 0);
}

void ExportDialog::setTheme(views::ThemeKind theme) {
    theme_->setCurrentIndex(std::max(0, theme_->findData(int(theme))));
}

void ExportDialog::setWidth(int width) { width_->setValue(width); }

void ExportDialog::refresh() {
    if (!session_.hasTrace())
        return;
    const views::Picture picture(session_.timeline(), request());
    const QSize px = picture.pixelSize();
    size_->setText(tr("%1 \u00d7 %2 pixels").arg(px.width()).arg(px.height()));
    // The preview draws at the logical size: wide exports only differ in scale.
    QImage img(picture.logicalSize().toSize(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::white);
    {
        QPainter p(&img);
        picture.paint(p);
    }
    preview_->setPixmap(QPixmap::fromImage(
        img.scaled(preview_->width() - 8, preview_->height() - 8, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void ExportDialog::resizeEvent(QResizeEvent* e) {
    QDialog::resizeEvent(e);
    refresh();  // the preview fills the room it has
}

void ExportDialog::formatChosen() {
    const QString ext = QLatin1String(kExtensions[format_->currentIndex()]);
    QFileInfo fi(path_->text());
    path_->setText(QDir(fi.path()).filePath(fi.completeBaseName() + QLatin1Char('.') + ext));
}

void ExportDialog::browse() {
    const QString filters = tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
    QString selected = filters.split(QStringLiteral(";;")).value(format_->currentIndex());
    const QString p = QFileDialog::getSaveFileName(this, tr("Export view"), path_->text(), filters, &selected);
    if (p.isEmpty())
        return;
    path_->setText(p);
    if (const auto f = views::pictureFormatFor(p))
        format_->setCurrentIndex(int(*f));
}

void ExportDialog::remember() const {
    QSettings s;
    s.setValue(QStringLiteral("export/dir"), QFileInfo(path_->text()).absolutePath());
    s.setValue(QStringLiteral("export/view"), view_->currentData());
    s.setValue(QStringLiteral("export/theme"), theme_->currentData());
    s.setValue(QStringLiteral("export/width"), width_->value());
    s.setValue(QStringLiteral("export/format"), format_->currentIndex());
}

bool ExportDialog::save() {
    lastError_.clear();
    if (!session_.hasTrace())
        lastError_ = tr("Nothing to export: no trace is open.");
    else
        lastError_ = views::writePicture(views::Picture(session_.timeline(), request()), path_->text());
    if (!lastError_.isEmpty()) {
        if (interactive_)
            QMessageBox::warning(this, tr("Export view"), lastError_);
        return false;
    }
    remember();
    return true;
}

void ExportDialog::copyToClipboard() {
    if (!session_.hasTrace())
        return;
    QGuiApplication::clipboard()->setImage(views::Picture(session_.timeline(), request()).toImage());
    remember();
}

void ExportDialog::accept() {
    if (save())
        QDialog::accept();
}

} // namespace arenascope::app
