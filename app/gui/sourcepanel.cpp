// SourcePanel: the mark follows the session's program step (the line the
// step is at, as in the Scenario dock); the text is the file's as on disk,
// which is what the recorder ran.
#include "app/gui/sourcepanel.h"
#include "app/gui/codeeditor.h"

#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSaveFile>
#include <QVBoxLayout>

namespace arenascope::app {

SourcePanel::SourcePanel(views::Session* session, QWidget* parent)
    : QWidget(parent), session_(session), header_(new QLabel(this)), editor_(new CodeEditor(this)) {
    setObjectName(QStringLiteral("sourcePanel"));
    editor_->setObjectName(QStringLiteral("sourceEditor"));
    header_->setObjectName(QStringLiteral("sourceHeader"));
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header_->setWordWrap(true);  // a long name must not widen the dock
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    lay->addWidget(header_);
    lay->addWidget(editor_, 1);
    connect(session_, &views::Session::stepChanged, this, &SourcePanel::followStep);
    connect(editor_->document(), &QTextDocument::modificationChanged, this, [this](bool m) {
        updateHeader();
        emit modifiedChanged(m);
    });
}

bool SourcePanel::isModified() const { return editor_->document()->isModified(); }

void SourcePanel::showSource(const QString& file) {
    const bool keepEdits = !file.isEmpty() && file == file_ && isModified();
    file_ = file;
    if (!keepEdits) {
        QString text;
        if (!file.isEmpty()) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                text = QString::fromUtf8(f.readAll());
        } else if (session_->hasProgram()) {
            QStringList lines;
            for (const std::string& l : session_->input()->program->sourceLines())
                lines << QString::fromStdString(l);
            text = lines.join(QLatin1Char('\n'));
        }
        editor_->setPlainText(text);  // not modified, and no undo back to the old file
    }
    editor_->setReadOnly(file.isEmpty() || !QFileInfo(file).isWritable());
    updateHeader();
    followStep();
}

void SourcePanel::updateHeader() {
    if (file_.isEmpty()) {
        header_->setText(session_->hasProgram() ? tr("The source the recording holds (read-only)") : QString());
        return;
    }
    const QString name = QFileInfo(file_).fileName();
    header_->setText(editor_->isReadOnly() ? tr("%1 (read-only)").arg(name)
                     : isModified()        ? tr("%1 (changed: Ctrl+S saves, F5 saves and runs)").arg(name)
                                           : name);
    header_->setToolTip(QFileInfo(file_).absoluteFilePath());
}

void SourcePanel::followStep() {
    const size_t k = session_->hasProgram() ? session_->programStep() : 0;
    editor_->markLine(k > 0 ? session_->input()->program->steps()[k - 1].line : 0);
}

bool SourcePanel::save(QString* error) {
    if (file_.isEmpty() || editor_->isReadOnly()) {
        *error = file_.isEmpty() ? tr("This source is the recording's: there is no file to save it to.")
                                 : tr("%1 is read-only: the changes were not saved.").arg(file_);
        return false;
    }
    QSaveFile f(file_);
    if (!f.open(QIODevice::WriteOnly) || f.write(editor_->toPlainText().toUtf8()) < 0 || !f.commit()) {
        *error = tr("%1: could not save: %2").arg(file_, f.errorString());
        return false;
    }
    editor_->document()->setModified(false);
    return true;
}

} // namespace arenascope::app
