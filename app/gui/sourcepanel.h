// The Source dock: the program's text in an editor with the current step's
// line marked as the user steps; saved back to its file (Ctrl+S, and before
// Run again). Without a file (a recording opened on its own, a built-in
// lesson) it shows the source the program carries, read-only.
#pragma once

#include "views/session.h"

#include <QWidget>

class QLabel;

namespace arenascope::app {

class CodeEditor;

class SourcePanel : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(views::Session* session, QWidget* parent = nullptr);

    // Shows `file` (editable when it can be written; unsaved edits stay if
    // it is the file shown already), or with an empty path the session's
    // program's own source lines.
    void showSource(const QString& file);
    QString file() const { return file_; }
    bool isModified() const;
    // Writes the text to the file; false with the reason in *error.
    bool save(QString* error);
    CodeEditor* editor() const { return editor_; }

signals:
    void modifiedChanged(bool modified);

private:
    void followStep();
    void updateHeader();

    views::Session* session_;
    QLabel* header_;
    CodeEditor* editor_;
    QString file_;
};

} // namespace arenascope::app
