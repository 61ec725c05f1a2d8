// The Output dock: what the program has written up to the current step
// (standard output and error, as the recording or the engine kept them),
// monospace and scrolled to its end; for an input without steps, what its
// run wrote as a whole.
#pragma once

#include "views/session.h"

#include <QPlainTextEdit>

namespace arenascope::app {

class OutputPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit OutputPanel(views::Session* session, QWidget* parent = nullptr);

    // What to show when the input has no program steps (empty: nothing).
    void setWholeOutput(const QString& text);

private:
    void follow();
    void show(const QString& text);

    views::Session* session_;
    QString whole_;
};

} // namespace arenascope::app
