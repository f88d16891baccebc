/** The portal's few shared looks (DADS: key colour for the one primary action per screen). */
export const PRIMARY = 'min-h-11 rounded-8 bg-key-900 px-6 text-std-16B-170 text-white hover:bg-key-1000';
export const SECONDARY =
  'min-h-11 rounded-8 border border-key-900 bg-white px-4 text-std-16N-170 text-key-900 hover:bg-key-50';
export const FIELD =
  'mt-1 block min-h-11 w-full max-w-md rounded-8 border border-solid-gray-600 px-3 text-std-16N-170';
export const LABEL = 'block text-std-16B-170';
export const TABLE = 'mt-4 w-full border-collapse text-left text-std-16N-170';
export const CELL = 'border-b border-solid-gray-420 px-2 py-2 align-top';
