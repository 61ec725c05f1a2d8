// The step controls: to start, back, play/pause, forward, to end, speed,
// "step by", the scrubbing slider with arena markers, and the step counter.
#pragma once

#include "model/timeline.h"
#include "views/session.h"

#include <QSlider>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QTimer;
class QToolButton;

namespace arenascope::app {

// A slider that draws tick marks where arenas were mapped or given back.
class MarkedSlider : public QSlider {
    Q_OBJECT
public:
    using QSlider::QSlider;
    void setMarkers(std::vector<double> fractions) { markers_ = std::move(fractions); update(); }
    // Collections (recorded gc_start lines): drawn as triangles, not ticks.
    void setGcMarkers(std::vector<double> fractions) { gcMarkers_ = std::move(fractions); update(); }
    const std::vector<double>& gcMarkers() const { return gcMarkers_; }

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    std::vector<double> markers_, gcMarkers_;
};

class StepControls : public QWidget {
    Q_OBJECT
public:
    explicit StepControls(views::Session* session, QWidget* parent = nullptr);
    StepKind stepKind() const;
    bool playing() const;
    int speed() const;  // events per second
    void setSpeed(int eventsPerSecond);

public slots:
    void togglePlay();
    void stepKindForward();
    void stepKindBack();

private:
    void refresh();
    void tick();
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
