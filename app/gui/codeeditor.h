// A plain-text editor for a program's source: monospace, line numbers in a
// margin, and one line marked (the line a step is at) and kept in view.
#pragma once

#include <QPlainTextEdit>

namespace arenascope::app {

class CodeEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit CodeEditor(QWidget* parent = nullptr);

    // Marks line `line` (from 1; 0: none) and scrolls it into view.
    void markLine(int line);
    int markedLine() const { return marked_; }
    int numberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    friend class LineNumberArea;
    void paintNumbers(QPaintEvent* e);
    void updateMargin();
    void showMark();

    QWidget* numbers_;
    int marked_ = 0;
};

} // namespace arenascope::app
