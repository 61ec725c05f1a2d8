// The GC view on screen: the stack beside the heap's objects and their
// references, the generations, and each object's collector state; a click
// selects an object (and, through the session, its block). Painting is
// paintGc's.
#pragma once

#include "views/gclayout.h"
#include "views/theme.h"

#include <QAbstractScrollArea>

namespace arenascope::views {

class GcView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit GcView(QWidget* parent = nullptr);
    void setScene(GcScene scene);
    const GcScene& scene() const { return scene_; }
    void setTheme(const Theme& theme);
    int selectedObject() const { return selected_; }
    // Outlines an object (-1: none) without announcing it: the heap and pool
    // views chose its block already.
    void selectObject(int id);

signals:
    // The block the selected object lives in, for the heap and pool views.
    void objectSelected(qulonglong address);

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent*) override;

private:
    void updateScrollBars();
    GcScene scene_;
    GcLayout layout_;
    Theme theme_;
    int selected_ = -1;
};

} // namespace arenascope::views
