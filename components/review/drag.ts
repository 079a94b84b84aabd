/** The drag payload of a step dragged from the map onto a stage. */
export const STEP_DRAG_TYPE = 'application/x-parcours-step';
