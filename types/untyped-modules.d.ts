// Packages without type declarations; the surface the project uses is typed where it is used.
declare module 'json-server';
declare module 'lowdb';
