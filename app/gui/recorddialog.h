// File > Record script: a script, its arguments, which Python and whether to
// note source lines; records in the background with a busy bar and Cancel,
// then hands the trace to the window (or explains what went wrong).
#pragma once

#include "recorder/recorder.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace arenascope::app {

class RecordJob;

class RecordDialog : public QDialog {
    Q_OBJECT
public:
    explicit RecordDialog(QWidget* parent = nullptr);
    ~RecordDialog() override;

    // The options the fields describe; message set when they do not suffice.
    bool options(recorder::RecordOptions* o, QString* message) const;
    void setScript(const QString& path);
    QString tracePath() const;  // the recording, once accepted
    // Without message boxes (tests): what they would say lands in lastError().
    void setInteractive(bool on) { interactive_ = on; }
    // The last problem reported: a recording that failed or was cancelled,
    // or a script that exited with an error (its trace is still opened).
    QString lastError() const { return lastError_; }
    bool busy() const;

    void accept() override;  // starts recording
    void reject() override;  // cancels a recording, or closes

signals:
    void recorded(QString tracePath);
    void stopped(QString message);  // ended without a trace: failed or cancelled

private:
    void finished(int status, const QString& error);
    void setBusy(bool busy);
    void setStatus(const QString& text);
    void fail(const QString& message);

    QLineEdit *script_, *args_, *out_;
    QComboBox* python_;
    QCheckBox* sourceLines_;
    QCheckBox* steps_;
    QProgressBar* busy_;
    QLabel* status_;
    QDialogButtonBox* buttons_;
    RecordJob* job_;
    QString trace_, recording_, outputLog_, lastError_;
    bool interactive_ = true;
};

} // namespace arenascope::app
