import { RouterProvider } from '@tanstack/react-router';
import { Providers, createQueryClient } from './providers';
import { router } from './router';

const queryClient = createQueryClient();

export function App() {
  return (
    <Providers client={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  );
}
