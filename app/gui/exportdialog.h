// File > Export view: which view, format, width and theme, with a preview
// of the very picture that will be written; also copies it to the clipboard.
// Choices are remembered between runs.
#pragma once

#include "views/picture.h"
#include "views/session.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace arenascope::app {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `scenario`: where an open scenario stands; it adds the GC view.
    ExportDialog(const views::Session& session, const QString& inputName, QWidget* parent = nullptr,
                 std::shared_ptr<const views::ScenarioPicture> scenario = nullptr);

    views::PictureRequest request() const;
    QString path() const;
    void setPath(const QString& path);
    void setView(views::PictureView view);
    void setTheme(views::ThemeKind theme);
    void setWidth(int width);

    // Writes the picture to path(); false with a dialog (when interactive)
    // and lastError() set when it cannot.
    bool save();
    void copyToClipboard();
    QString lastError() const { return lastError_; }
    void setInteractive(bool on) { interactive_ = on; }

    void accept() override;

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    void refresh();
    void browse();
    void formatChosen();
    void remember() const;

    const views::Session& session_;
    QString inputName_, lastError_;
    std::shared_ptr<const views::ScenarioPicture> scenario_;
    QComboBox* view_;
    QComboBox* format_;
    QComboBox* theme_;
    QSpinBox* width_;
    QLineEdit* path_;
    QLabel* preview_;
    QLabel* size_;
    bool interactive_ = true;
};

} // namespace arenascope::app
