// The step controls: to start, back, play/pause, forward, to end, speed,
// "step by", the scrubbing slider with arena and collection markers, the counter.
#pragma once

#include "model/trace/timeline.h"
#include "views/session.h"

#include <QSlider>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QTimer;
class QToolButton;

namespace arenascope::app {

// A slider that marks steps: ticks where arenas were mapped or given back,
// triangles where the collector ran (each with a tooltip; a click goes there).
class MarkedSlider : public QSlider {
    Q_OBJECT
public:
    using QSlider::QSlider;
    struct Mark {
        int value;          // a slider value, i.e. a step
        QString tip;        // what happened there
        bool full = false;  // a full collection (generation 2): drawn filled
    };
    void setMarkers(std::vector<int> values) { markers_ = std::move(values); update(); }
    void setGcMarkers(std::vector<Mark> marks) { gcMarkers_ = std::move(marks); update(); }
    const std::vector<Mark>& gcMarkers() const { return gcMarkers_; }
    // Where the handle's centre stands at `value`, so marks line up with it.
    int xOf(int value) const;

protected:
    void paintEvent(QPaintEvent* e) override;
    bool event(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;

private:
    const Mark* gcMarkAt(const QPoint& pos) const;
    std::vector<int> markers_;
    std::vector<Mark> gcMarkers_;
};

class StepControls : public QWidget {
    Q_OBJECT
public:
    explicit StepControls(views::Session* session, QWidget* parent = nullptr);
    StepKind stepKind() const;
    bool playing() const;
    int speed() const;  // events per second
    void setSpeed(int eventsPerSecond);
    // The steps at which the slider marks a collection (one per recorded run).
    std::vector<uint64_t> collectionMarkers() const;

public slots:
    void togglePlay();
    void stepKindForward();
    void stepKindBack();

private:
    void refresh();
    void tick();
    QString collectionTip(const GcRun& run) const;
    views::Session* session_;
    QToolButton *start_, *back_, *play_, *forward_, *end_;
    QComboBox* stepBy_;
    QSpinBox* speed_;
    MarkedSlider* slider_;
    QLabel* counter_;
    QTimer* timer_;
    double owed_ = 0;
};

} // namespace arenascope::app
