// The selected pool as pages, with its header as the cover; a click selects
// a block. Painting is paintPool's.
#pragma once

#include "views/session.h"
#include "views/theme.h"

#include <QWidget>

namespace arenascope::views {

class PoolView : public QWidget {
    Q_OBJECT
public:
    explicit PoolView(Session* session, QWidget* parent = nullptr);
    void setTheme(const Theme& theme);
    QSize sizeHint() const override { return {640, 320}; }

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;

private:
    Session* session_;
    Theme theme_;
};

} // namespace arenascope::views
