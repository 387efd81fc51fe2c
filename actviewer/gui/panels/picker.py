"""The activation list: grouped by family, filterable, driven by the keyboard.

Arrow keys move through the list and the plots follow; typing in the filter
narrows it, and Down moves from the filter into the list.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from ...core import catalog
from ...core.texts import Texts

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class _Filter(QSortFilterProxyModel):
    """Matches an activation by id, display name or family; keeps a family if a child matches."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        text = self.filterRegularExpression().pattern().strip().lower()
        if not text:
            return True
        index = self.sourceModel().index(row, 0, parent)
        if self.sourceModel().hasChildren(index):
            if text in str(index.data()).lower():
                return True
            return any(
                self.filterAcceptsRow(child, index) for child in range(self.sourceModel().rowCount(index))
            )
        haystack = f"{index.data(SEARCH_ROLE)} {parent.data()}".lower()
        return text in haystack


class ActivationPicker(QWidget):
    activation_selected = Signal(str)

    def __init__(self, texts: Texts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        texts = texts or Texts()
        self._quiet = False
        """Set while the selection follows the state: the change is not the user's, not re-emitted."""
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter activations (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter activations"))
        self.model = QStandardItemModel(self)
        self._items: dict[str, QStandardItem] = {}
        self.texts = texts
        self._fill()
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(False)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(self.tr("Activations"))
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.installEventFilter(self)
        self.filter_edit.returnPressed.connect(self._select_best_match)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)

    def _fill(self) -> None:
        """One group per family that has activations (Custom only once the user made one)."""
        self.model.clear()
        self._items = {}
        specs = catalog.all_specs()
        for family in catalog.FAMILIES:
            members = [spec for spec in specs if spec.family == family]
            if not members:
                continue
            group = QStandardItem(self.texts.family(family))
            group.setSelectable(False)
            group.setEditable(False)
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            for spec in members:
                text = self.texts.activation(spec)
                item = QStandardItem(text.name)
                item.setEditable(False)
                item.setData(spec.id, ID_ROLE)
                item.setData(f"{spec.id} {spec.name} {text.name}", SEARCH_ROLE)
                item.setToolTip(f"{spec.id}: {text.what}")
                group.appendRow(item)
                self._items[spec.id] = item
            self.model.appendRow(group)

    def focus_filter(self) -> None:
        """View > Find Activation: type to filter at once."""
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def rebuild(self, selected: str) -> None:
        """Refill after the custom activations changed, keeping ``selected`` shown."""
        with QSignalBlocker(self.tree.selectionModel()):
            self._fill()
            self.tree.expandAll()
        self.select(selected)

    def current_id(self) -> str | None:
        index = self.tree.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select(self, activation_id: str) -> None:
        """Show ``activation_id`` as selected without emitting (it comes from state)."""
        item = self._items.get(activation_id)
        if item is None:
            return
        proxy_index = self.proxy.mapFromSource(item.index())
        if not proxy_index.isValid():
            with QSignalBlocker(self.filter_edit):
                self.filter_edit.clear()
            self.proxy.setFilterFixedString("")
            self.tree.expandAll()
            proxy_index = self.proxy.mapFromSource(item.index())
        # Not by blocking the selection model's signals: the tree repaints on them, and blocked it
        # kept highlighting the previous activation (a lesson step's Tanh under Sigmoid's highlight).
        self._quiet = True
        try:
            self.tree.setCurrentIndex(proxy_index)
        finally:
            self._quiet = False
        self.tree.scrollTo(proxy_index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        activation_id = current.data(ID_ROLE)
        if activation_id and not self._quiet:
            self.activation_selected.emit(activation_id)

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _rank(self, index: QModelIndex) -> int:
        """How well the activation at ``index`` matches the filter: 0 its id or a name is the text,
        1 one starts with it, 2 one contains it, 3 only its family matched."""
        text = self.filter_edit.text().strip().lower()
        spec = catalog.get(index.data(ID_ROLE))
        names = (spec.id.lower(), spec.name.lower(), str(index.data()).lower())
        if text in names:
            return 0
        if any(name.startswith(text) for name in names):
            return 1
        return 2 if any(text in name for name in names) else 3

    def _best_match(self) -> tuple[QModelIndex, int]:
        """The best match among the activations shown and its rank, the first in the list among
        equals: "tanh" is Tanh, not Sigmoid, whose family "Sigmoid and tanh" also matched."""
        best, best_rank = QModelIndex(), 4
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for child in range(self.proxy.rowCount(group)):
                index = self.proxy.index(child, 0, group)
                rank = self._rank(index)
                if rank < best_rank:
                    best, best_rank = index, rank
        return best, best_rank

    def _select_best_match(self) -> None:
        """Enter or Down in the filter: the best match is chosen, unless the one selected matches as
        well ("tanh" with Sigmoid selected, whose family matched too: Tanh), then the list has focus."""
        current, (best, best_rank) = self.tree.currentIndex(), self._best_match()
        keep = current.isValid() and current.data(ID_ROLE) and self._rank(current) <= best_rank
        if best.isValid() and not keep:
            self.tree.setCurrentIndex(best)
        self.tree.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() == Qt.Key.Key_Down:
                self._select_best_match()
                return True
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()  # Escape empties the filter; a second one goes on as usual
                return True
        return super().eventFilter(watched, event)
