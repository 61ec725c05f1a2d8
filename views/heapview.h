// The table of books on screen: scrolls, zooms (Ctrl+wheel, fit) and turns a
// click into a pool selection; painting is paintHeap's.
#pragma once

#include "views/heaplayout.h"
#include "views/session.h"
#include "views/theme.h"

#include <QAbstractScrollArea>

namespace arenascope::views {

class HeapView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit HeapView(Session* session, QWidget* parent = nullptr);
    void setTheme(const Theme& theme);
    qreal zoom() const { return zoom_; }
    const HeapLayout& layout() const { return layout_; }

public slots:
    void setZoom(qreal zoom);
    void zoomIn() { setZoom(zoom_ * 1.25); }
    void zoomOut() { setZoom(zoom_ / 1.25); }
    void fitToWindow();

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;

private:
    void relayout();
    void updateScrollBars();
    Session* session_;
    Theme theme_;
    HeapLayout layout_;
    qreal zoom_ = 1.0;
};

} // namespace arenascope::views
