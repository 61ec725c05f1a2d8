// OutputPanel: output only grows along the steps, so a step forward appends
// the new part and a step back rewrites the whole.
#include "app/gui/outputpanel.h"

#include <QFontDatabase>
#include <QScrollBar>

namespace arenascope::app {

OutputPanel::OutputPanel(views::Session* session, QWidget* parent) : QPlainTextEdit(parent), session_(session) {
    setObjectName(QStringLiteral("outputPanel"));
    setReadOnly(true);
    setUndoRedoEnabled(false);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(10);
    setFont(mono);
    setPlaceholderText(tr("What the program prints appears here, step by step."));
    connect(session_, &views::Session::traceChanged, this, &OutputPanel::follow);
    connect(session_, &views::Session::stepChanged, this, &OutputPanel::follow);
}

void OutputPanel::setWholeOutput(const QString& text) {
    whole_ = text;
    follow();
}

void OutputPanel::follow() {
    if (!session_->hasProgram()) {
        show(whole_);
        return;
    }
    show(QString::fromStdString(session_->programState().output));
}

void OutputPanel::show(const QString& text) {
    const QString shown = toPlainText();
    if (text == shown)
        return;
    if (!shown.isEmpty() && text.startsWith(shown)) {
        QTextCursor c(document());
        c.movePosition(QTextCursor::End);
        c.insertText(text.mid(shown.size()));
    } else {
        setPlainText(text);
    }
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

} // namespace arenascope::app
