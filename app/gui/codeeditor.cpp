// CodeEditor: the line numbers are a child widget over the viewport's left
// margin, repainted as the text scrolls; the marked line is an extra
// selection, so it stays apart from the user's own selection and undo.
#include "app/gui/codeeditor.h"

#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>

#include <algorithm>

namespace arenascope::app {

class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(CodeEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->numberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* e) override { editor_->paintNumbers(e); }

private:
    CodeEditor* editor_;
};

CodeEditor::CodeEditor(QWidget* parent) : QPlainTextEdit(parent), numbers_(new LineNumberArea(this)) {
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSize(10);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(4 * fontMetrics().horizontalAdvance(QLatin1Char(' ')));
    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateMargin);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& r, int dy) {
        if (dy)
            numbers_->scroll(0, dy);
        else
            numbers_->update(0, r.y(), numbers_->width(), r.height());
    });
    updateMargin();
}

int CodeEditor::numberAreaWidth() const {
    int digits = 1;
    for (int n = std::max(1, blockCount()); n >= 10; n /= 10)
        ++digits;
    return 8 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void CodeEditor::updateMargin() { setViewportMargins(numberAreaWidth(), 0, 0, 0); }

void CodeEditor::resizeEvent(QResizeEvent* e) {
    QPlainTextEdit::resizeEvent(e);
    const QRect r = contentsRect();
    numbers_->setGeometry(QRect(r.left(), r.top(), numberAreaWidth(), r.height()));
}

void CodeEditor::paintNumbers(QPaintEvent* e) {
    QPainter p(numbers_);
    p.fillRect(e->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= e->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        const int line = block.blockNumber() + 1;
        if (block.isVisible() && top + height >= e->rect().top()) {
            QFont f = font();
            f.setBold(line == marked_);  // the mark is told by weight too, not colour alone
            p.setFont(f);
            p.setPen(palette().color(line == marked_ ? QPalette::Text : QPalette::PlaceholderText));
            p.drawText(0, top, numbers_->width() - 4, height, Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(line));
        }
        block = block.next();
        top += height;
    }
}

void CodeEditor::markLine(int line) {
    marked_ = line > 0 && line <= blockCount() ? line : 0;
    showMark();
    numbers_->update();
}

void CodeEditor::showMark() {
    QList<QTextEdit::ExtraSelection> marks;
    if (marked_ > 0) {
        QTextEdit::ExtraSelection s;
        s.format.setBackground(palette().color(QPalette::Highlight).lighter(170));
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.cursor = QTextCursor(document()->findBlockByNumber(marked_ - 1));
        marks << s;
        // Into view without moving the user's cursor (they may be typing).
        const QRectF r = blockBoundingGeometry(s.cursor.block()).translated(contentOffset());
        if (r.top() < 0 || r.bottom() > viewport()->height()) {
            // Lines do not wrap: the scroll bar counts lines. Centre it.
            const int visible = std::max(1, int(viewport()->height() / std::max(1.0, r.height())));
            verticalScrollBar()->setValue(std::max(0, marked_ - 1 - visible / 2));
        }
    }
    setExtraSelections(marks);
}

} // namespace arenascope::app
